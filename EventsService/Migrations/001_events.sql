-- Events: the source of truth for what is on sale. available_seats mirrors the booking service's inventory
-- (from BookingConfirmed / SeatReleased), so the listing can show it without a cross-service call.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE IF NOT EXISTS events (
    id               uuid        PRIMARY KEY,
    name             text        NOT NULL,
    description      text        NOT NULL DEFAULT '',
    venue            text        NOT NULL DEFAULT '',
    starts_at        timestamptz NOT NULL,
    ends_at          timestamptz NOT NULL,
    total_capacity   int         NOT NULL,
    available_seats  int         NOT NULL,
    price            numeric     NOT NULL DEFAULT 0,
    currency         text        NOT NULL DEFAULT 'USD',
    status           text        NOT NULL DEFAULT 'scheduled',
    -- Grows with every admin change; travels in EventChanged so consumers drop stale copies.
    version          bigint      NOT NULL DEFAULT 1,
    -- Inventory version of the last seat message applied; older messages are ignored.
    seats_version    bigint      NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ck_events_name CHECK (char_length(name) BETWEEN 1 AND 200),
    CONSTRAINT ck_events_capacity CHECK (total_capacity BETWEEN 1 AND 1000000),
    CONSTRAINT ck_events_available CHECK (available_seats BETWEEN 0 AND total_capacity),
    CONSTRAINT ck_events_price CHECK (price >= 0),
    CONSTRAINT ck_events_dates CHECK (ends_at > starts_at),
    CONSTRAINT ck_events_status CHECK (status IN ('scheduled', 'cancelled')),
    CONSTRAINT ck_events_currency CHECK (currency ~ '^[A-Z]{3}$')
);

-- Listing: upcoming scheduled events and date ranges, ordered by start (id breaks ties for stable paging).
CREATE INDEX IF NOT EXISTS idx_events_date ON events (starts_at, id) WHERE status = 'scheduled';

-- Listing search: q matches any substring of name or venue, case-insensitively (ILIKE '%q%' via trigrams).
CREATE INDEX IF NOT EXISTS idx_events_search ON events USING gin ((name || ' ' || venue) gin_trgm_ops);
