-- How long a buyer's checkout hold keeps its seats for this event (POST /holds); the booking service gets it in EventChanged.
ALTER TABLE events ADD COLUMN IF NOT EXISTS hold_minutes int NOT NULL DEFAULT 10;
DO $$ BEGIN
    ALTER TABLE events ADD CONSTRAINT ck_events_hold_minutes CHECK (hold_minutes BETWEEN 1 AND 60);
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
