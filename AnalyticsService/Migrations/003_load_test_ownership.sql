-- A running load test belongs to the analytics instance that started it for as long as that instance renews its
-- lease (with the figures so far); any instance reads it, asks its owner to stop it, or marks it aborted once the
-- lease has run out (its owner died).
ALTER TABLE load_tests ADD COLUMN IF NOT EXISTS owner text NULL;
ALTER TABLE load_tests ADD COLUMN IF NOT EXISTS lease_until timestamptz NULL;
ALTER TABLE load_tests ADD COLUMN IF NOT EXISTS stop_requested boolean NOT NULL DEFAULT false;
