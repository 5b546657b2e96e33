-- Seat inventory of one event, on the event's shard. The CHECKs are the last line against overselling:
-- whatever a strategy does, the database refuses a negative or over-capacity count.
CREATE TABLE IF NOT EXISTS event_inventory (
    event_id        uuid          PRIMARY KEY,
    total_capacity  int           NOT NULL CHECK (total_capacity >= 0),
    available_seats int           NOT NULL,
    -- Released seats set aside for waitlisted users (waitlist promotion); still not for general sale.
    held_seats      int           NOT NULL DEFAULT 0,
    price           numeric(12,2) NOT NULL DEFAULT 0,
    currency        text          NOT NULL DEFAULT 'USD',
    status          text          NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    -- Version of the events service's copy this row was built from (stale EventChanged are ignored).
    event_version   bigint        NOT NULL DEFAULT 0,
    -- Grows by one per seat change; travels in BookingConfirmed/SeatReleased so consumers keep the newest count.
    version         bigint        NOT NULL DEFAULT 0,
    -- Highest fencing token of the redis-lock strategy that wrote this row: a stale lock holder cannot write.
    fence_token     bigint        NOT NULL DEFAULT 0,
    updated_at      timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT available_seats_non_negative CHECK (available_seats >= 0),
    CONSTRAINT available_seats_within_capacity CHECK (available_seats <= total_capacity),
    CONSTRAINT held_seats_non_negative CHECK (held_seats >= 0),
    CONSTRAINT seats_within_capacity CHECK (available_seats + held_seats <= total_capacity)
);
