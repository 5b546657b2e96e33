-- Admin load tests and their results. At most one runs at a time, across instances too (the partial unique index).
CREATE TABLE IF NOT EXISTS load_tests (
    id                text        PRIMARY KEY,
    status            text        NOT NULL CHECK (status IN ('running', 'completed', 'stopped', 'failed', 'aborted')),
    concurrent_users  int         NOT NULL,
    duration_seconds  int         NOT NULL,
    target_endpoint   text        NOT NULL,
    started_at        timestamptz NOT NULL,
    finished_at       timestamptz NULL,
    load_test_event   uuid        NULL,
    metrics           jsonb       NULL,
    error             text        NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_load_tests_one_running ON load_tests ((true)) WHERE status = 'running';
CREATE INDEX IF NOT EXISTS idx_load_tests_started ON load_tests (started_at DESC);
