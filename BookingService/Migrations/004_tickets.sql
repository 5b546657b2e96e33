-- One row per seat of a confirmed booking, on the booking's shard, written in the same statement batch as the booking
-- (BookingWrites). A ticket's status is derived from its booking's (cancelled booking = cancelled ticket) and from
-- checked_in_at, so cancelling needs no change here. No foreign key to bookings: the insert is on the hot booking path
-- (inside the event row's lock), and tickets are only ever written together with their booking.
CREATE TABLE IF NOT EXISTS tickets (
    id            uuid        PRIMARY KEY,
    booking_id    uuid        NOT NULL,
    event_id      uuid        NOT NULL,
    user_id       uuid        NOT NULL,
    seq           int         NOT NULL CHECK (seq >= 1),
    -- 28 characters of RFC 4648 base32 (A-Z2-7, no padding): 1 byte shard index + 16 random bytes.
    code          text        NOT NULL CHECK (code ~ '^[A-Z2-7]{28}$'),
    checked_in_at timestamptz NULL,
    checked_in_by uuid        NULL,
    CONSTRAINT checked_in_together CHECK ((checked_in_at IS NULL) = (checked_in_by IS NULL))
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_tickets_code ON tickets (code);
CREATE UNIQUE INDEX IF NOT EXISTS ux_tickets_booking_seq ON tickets (booking_id, seq);
