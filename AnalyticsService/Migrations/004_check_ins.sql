-- One row per ticket scanned at the door (TicketCheckedIn). Tickets sold per event are its seats sold (one ticket a seat).
CREATE TABLE IF NOT EXISTS analytics_check_ins (
    ticket_id     uuid        PRIMARY KEY,
    booking_id    uuid        NOT NULL,
    event_id      uuid        NOT NULL,
    user_id       uuid        NOT NULL,
    checked_in_by uuid        NOT NULL,
    checked_in_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_analytics_check_ins_event ON analytics_check_ins (event_id);
