-- Analytics keeps its own copy of what happened, built only from messages (never from other services' databases).
-- Each table is upserted from several message types, which may arrive in any order.

CREATE TABLE IF NOT EXISTS analytics_events (
    event_id        uuid          PRIMARY KEY,
    name            text          NOT NULL,
    venue           text          NOT NULL,
    starts_at       timestamptz   NOT NULL,
    total_capacity  int           NOT NULL,
    price           numeric(12,2) NOT NULL,
    currency        text          NOT NULL,
    status          text          NOT NULL,
    version         bigint        NOT NULL,
    updated_at      timestamptz   NOT NULL DEFAULT now()
);

-- Latest seat count per event, from the inventory version carried by booking messages (newest wins).
CREATE TABLE IF NOT EXISTS analytics_inventory (
    event_id          uuid   PRIMARY KEY,
    total_capacity    int    NOT NULL,
    available_seats   int    NOT NULL,
    inventory_version bigint NOT NULL
);

-- One row per booking; a cancellation may arrive before its confirmation, so both halves are nullable.
CREATE TABLE IF NOT EXISTS analytics_bookings (
    booking_id        uuid          PRIMARY KEY,
    event_id          uuid          NOT NULL,
    user_id           uuid          NOT NULL,
    quantity          int           NOT NULL,
    unit_price        numeric(12,2) NULL,
    currency          text          NULL,
    waitlist_entry_id uuid          NULL,
    confirmed_at      timestamptz   NULL,
    cancelled_at      timestamptz   NULL,
    release_reason    text          NULL
);
CREATE INDEX IF NOT EXISTS idx_analytics_bookings_event ON analytics_bookings (event_id);
CREATE INDEX IF NOT EXISTS idx_analytics_bookings_confirmed_at ON analytics_bookings (confirmed_at);

CREATE TABLE IF NOT EXISTS analytics_waitlist (
    entry_id     uuid        PRIMARY KEY,
    event_id     uuid        NOT NULL,
    user_id      uuid        NOT NULL,
    quantity     int         NOT NULL,
    joined_at    timestamptz NULL,
    left_at      timestamptz NULL,
    promoted_at  timestamptz NULL,
    booking_id   uuid        NULL
);
CREATE INDEX IF NOT EXISTS idx_analytics_waitlist_event ON analytics_waitlist (event_id);
