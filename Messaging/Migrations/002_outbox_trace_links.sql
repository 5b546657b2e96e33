-- A message that stands for several requests (a group commit's bookings) continues the first one's trace and links
-- the others': their traceparents, comma-separated.
ALTER TABLE outbox_messages ADD COLUMN IF NOT EXISTS trace_links text NULL;
