-- Transactional outbox: written in the same transaction as the state change, relayed to RabbitMQ afterwards.
CREATE TABLE IF NOT EXISTS outbox_messages (
    sequence      bigserial   PRIMARY KEY,
    message_id    uuid        NOT NULL UNIQUE,
    message_type  text        NOT NULL,
    payload       jsonb       NOT NULL,
    trace_parent  text        NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    sent_at       timestamptz NULL,
    attempts      int         NOT NULL DEFAULT 0,
    last_error    text        NULL
);
CREATE INDEX IF NOT EXISTS idx_outbox_unsent ON outbox_messages (sequence) WHERE sent_at IS NULL;

-- Inbox: one row per message a consumer has handled, so redeliveries change nothing.
CREATE TABLE IF NOT EXISTS inbox_messages (
    consumer      text        NOT NULL,
    message_id    uuid        NOT NULL,
    processed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, message_id)
);
