-- Waitlist promotion, on every shard (the event's shard holds its replica, holds and bookings together, so a
-- promotion is one local transaction).

-- The booking service's copy of each event's waitlist, from WaitlistJoined/WaitlistLeft. Join order is
-- (joined_at, entry_id), the same pair the waitlist service orders by.
CREATE TABLE IF NOT EXISTS waitlist_replica (
    entry_id   uuid        PRIMARY KEY,
    event_id   uuid        NOT NULL,
    user_id    uuid        NOT NULL,
    quantity   int         NOT NULL CHECK (quantity > 0),
    joined_at  timestamptz NOT NULL,
    status     text        NOT NULL CHECK (status IN ('waiting', 'left', 'promoted')),
    booking_id uuid        NULL
);
CREATE INDEX IF NOT EXISTS idx_waitlist_replica_queue ON waitlist_replica (event_id, joined_at, entry_id) WHERE status = 'waiting';

-- Released seats set aside for waiting entries that do not fit yet; their sum is event_inventory.held_seats.
-- Each hold returns to general sale when it expires, or as soon as nobody is waiting any more.
CREATE TABLE IF NOT EXISTS waitlist_holds (
    id         bigserial   PRIMARY KEY,
    event_id   uuid        NOT NULL REFERENCES event_inventory (event_id),
    quantity   int         NOT NULL CHECK (quantity > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_waitlist_holds_event ON waitlist_holds (event_id, expires_at);
CREATE INDEX IF NOT EXISTS idx_waitlist_holds_expiry ON waitlist_holds (expires_at);

-- The last guard against booking one waitlist entry twice, whatever happens to messages or replicas.
CREATE UNIQUE INDEX IF NOT EXISTS ux_bookings_waitlist_entry ON bookings (waitlist_entry_id) WHERE waitlist_entry_id IS NOT NULL;
