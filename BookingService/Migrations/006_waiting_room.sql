-- Virtual waiting room (WaitingRoom/): per event, on the event's shard. Tickets are numbered densely per event in
-- arrival order; everyone numbered up to admitted_through has been admitted, so a position is one subtraction.
CREATE TABLE IF NOT EXISTS waiting_rooms (
    event_id             uuid             PRIMARY KEY REFERENCES event_inventory (event_id),
    enabled              boolean          NOT NULL,
    admission_per_minute int              NOT NULL CHECK (admission_per_minute > 0),
    pass_seconds         int              NOT NULL CHECK (pass_seconds > 0),
    -- Highest ticket number admitted; only the admitter holding this row's lock moves it, and only forward.
    admitted_through     bigint           NOT NULL DEFAULT 0,
    -- Token bucket of the admission rate: admissions owed as of credit_at.
    admission_credit     double precision NOT NULL DEFAULT 0,
    credit_at            timestamptz      NOT NULL DEFAULT now(),
    updated_at           timestamptz      NOT NULL DEFAULT now()
);

-- The ticket counter lives in its own row so joins (which bump it) and the admitter (which locks waiting_rooms)
-- never wait for each other.
CREATE TABLE IF NOT EXISTS waiting_room_counters (
    event_id    uuid   PRIMARY KEY REFERENCES waiting_rooms (event_id),
    last_number bigint NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS queue_tickets (
    id              uuid        PRIMARY KEY,
    event_id        uuid        NOT NULL REFERENCES waiting_rooms (event_id),
    user_id         uuid        NOT NULL,
    number          bigint      NOT NULL CHECK (number > 0),
    joined_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    admitted_at     timestamptz NULL,
    pass_expires_at timestamptz NULL,
    -- One ticket per user per event: reconnecting or joining again cannot buy a better place.
    CONSTRAINT queue_tickets_one_per_user UNIQUE (event_id, user_id),
    CONSTRAINT queue_tickets_number_unique UNIQUE (event_id, number),
    CONSTRAINT queue_tickets_admission_has_pass CHECK ((admitted_at IS NULL) = (pass_expires_at IS NULL))
);
