-- Checkout holds: seats taken out of general sale while a buyer checks out, until confirmed, released or expired.
ALTER TABLE event_inventory ADD COLUMN IF NOT EXISTS checkout_seats int NOT NULL DEFAULT 0;
ALTER TABLE event_inventory ADD COLUMN IF NOT EXISTS hold_minutes int NOT NULL DEFAULT 10;
DO $$ BEGIN
    ALTER TABLE event_inventory ADD CONSTRAINT checkout_seats_non_negative CHECK (checkout_seats >= 0);
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
-- Every seat is either on sale, held for the waitlist, in someone's checkout or sold.
ALTER TABLE event_inventory DROP CONSTRAINT IF EXISTS seats_within_capacity;
ALTER TABLE event_inventory ADD CONSTRAINT seats_within_capacity CHECK (available_seats + held_seats + checkout_seats <= total_capacity);

-- The sum of quantity over active holds is event_inventory.checkout_seats. A hold leaves 'active' exactly once.
CREATE TABLE IF NOT EXISTS holds (
    id         uuid        PRIMARY KEY,
    event_id   uuid        NOT NULL REFERENCES event_inventory (event_id),
    user_id    uuid        NOT NULL,
    quantity   int         NOT NULL CHECK (quantity > 0),
    status     text        NOT NULL CHECK (status IN ('active', 'confirmed', 'released', 'expired')),
    expires_at timestamptz NOT NULL,
    booking_id uuid        NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    ended_at   timestamptz NULL,
    CONSTRAINT holds_confirmed_have_booking CHECK ((status = 'confirmed') = (booking_id IS NOT NULL))
);
CREATE INDEX IF NOT EXISTS idx_holds_active_expiry ON holds (expires_at) WHERE status = 'active';
CREATE INDEX IF NOT EXISTS idx_holds_active_user ON holds (event_id, user_id) WHERE status = 'active';
CREATE UNIQUE INDEX IF NOT EXISTS ux_holds_booking ON holds (booking_id) WHERE booking_id IS NOT NULL;
