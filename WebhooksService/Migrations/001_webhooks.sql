-- Endpoints admins registered. The secret signs every delivery (Standard Webhooks, whsec_<base64>); it is shown once,
-- when the endpoint is created, and kept here because signing needs it.
CREATE TABLE IF NOT EXISTS webhook_endpoints (
    id                   uuid PRIMARY KEY,
    url                  text NOT NULL,
    event_types          text[] NOT NULL CHECK (cardinality(event_types) > 0),
    secret               text NOT NULL,
    enabled              boolean NOT NULL DEFAULT true,
    -- 'manual' (an admin) or 'failing' (auto-disabled after sustained failure); null while enabled.
    disabled_reason      text NULL,
    disabled_at          timestamptz NULL,
    -- Failed attempts since the last success, and when the first of them happened: the auto-disable rule's inputs.
    consecutive_failures integer NOT NULL DEFAULT 0,
    failing_since        timestamptz NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);

-- One row per (endpoint, event message): the queue the dispatcher works. Its id is derived from both, and webhook_id
-- (the webhook-id header) from it, so a redelivered message or a manual redelivery never makes a second identity.
CREATE TABLE IF NOT EXISTS webhook_deliveries (
    id              uuid PRIMARY KEY,
    endpoint_id     uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    webhook_id      text NOT NULL,
    message_id      uuid NOT NULL,
    event_type      text NOT NULL,
    -- The exact bytes signed and sent, so every attempt sends the same body.
    payload         text NOT NULL,
    -- W3C traceparent of the consumed message: the HTTP attempts join the booking's trace.
    trace_parent    text NULL,
    -- pending (waiting for its next attempt), succeeded, failed (retries exhausted).
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NULL,
    -- Set when a dispatcher claims the row; the result is written only by the same claim (a lease that ran out was taken over).
    lease_id        uuid NULL,
    -- An admin asked for a redelivery: the next attempt is recorded as manual.
    redeliver_requested boolean NOT NULL DEFAULT false,
    last_status_code integer NULL,
    last_error      text NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz NULL
);

CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, created_at DESC);

-- Every HTTP attempt, as the deliveries route shows it.
CREATE TABLE IF NOT EXISTS webhook_attempts (
    delivery_id      uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt          integer NOT NULL,
    attempted_at     timestamptz NOT NULL,
    succeeded        boolean NOT NULL,
    response_status_code integer NULL,
    latency_ms       double precision NOT NULL,
    error            text NULL,
    next_retry_at    timestamptz NULL,
    manual           boolean NOT NULL DEFAULT false,
    PRIMARY KEY (delivery_id, attempt)
);

-- Events whose cancellation was already announced: event.cancelled goes out once per event, for the first cancelled
-- version only, however many later changes repeat the status.
CREATE TABLE IF NOT EXISTS webhook_cancelled_events (
    event_id     uuid PRIMARY KEY,
    version      bigint NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now()
);
