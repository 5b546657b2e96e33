CREATE TABLE IF NOT EXISTS bookings (
    id                        uuid          PRIMARY KEY,
    event_id                  uuid          NOT NULL REFERENCES event_inventory (event_id),
    user_id                   uuid          NOT NULL,
    quantity                  int           NOT NULL CHECK (quantity > 0),
    status                    text          NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
    idempotency_key           text          NULL,
    -- Hash of what was asked (event and quantity): the same key with another body is a 422.
    request_hash              text          NULL,
    unit_price                numeric(12,2) NOT NULL,
    -- The event's available seats right after this booking, so an idempotent replay returns the same body.
    available_seats_remaining int           NOT NULL,
    waitlist_entry_id         uuid          NULL,
    created_at                timestamptz   NOT NULL DEFAULT now(),
    cancelled_at              timestamptz   NULL
);
CREATE INDEX IF NOT EXISTS idx_bookings_user_id ON bookings (user_id, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_bookings_event_id ON bookings (event_id);
CREATE UNIQUE INDEX IF NOT EXISTS ux_bookings_user_idempotency_key ON bookings (user_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
