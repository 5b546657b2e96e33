-- One row per time a user joined an event's waitlist. Join order is (created_at, id): the booking service's replica
-- of waiting entries orders by the same pair (it arrives as WaitlistJoined.OccurredAt / EntryId), so both agree on
-- who is first.
CREATE TABLE IF NOT EXISTS waitlist_entries (
    id          uuid        PRIMARY KEY,
    event_id    uuid        NOT NULL,
    user_id     uuid        NOT NULL,
    quantity    int         NOT NULL CHECK (quantity > 0),
    status      text        NOT NULL CHECK (status IN ('waiting', 'booked', 'left', 'cancelled')),
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    booking_id  uuid        NULL UNIQUE,
    CONSTRAINT booked_has_booking CHECK ((status = 'booked') = (booking_id IS NOT NULL))
);

-- One active entry per user and event: a second join finds the first.
CREATE UNIQUE INDEX IF NOT EXISTS ux_waitlist_active_user ON waitlist_entries (event_id, user_id) WHERE status = 'waiting';

-- The live position: count of waiting entries of the event up to this one, read from this index alone.
CREATE INDEX IF NOT EXISTS idx_waitlist_position ON waitlist_entries (event_id, created_at, id) WHERE status = 'waiting';

CREATE INDEX IF NOT EXISTS idx_waitlist_user ON waitlist_entries (user_id, created_at DESC);
