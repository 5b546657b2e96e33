-- Waitlist promotions travel as WaitlistEntryBooked (the waitlist no longer takes every BookingConfirmed). A promotion
-- an older version left unsent in the outbox as a BookingConfirmed only gets its WaitlistEntryBooked here, so the
-- waitlist still hears of it. Rows are matched by booking id, so running this again adds nothing.
INSERT INTO outbox_messages (message_id, message_type, payload, trace_parent)
SELECT gen_random_uuid(), 'Evently.Contracts.WaitlistEntryBooked',
       jsonb_build_object(
           'entry_id', c.payload -> 'waitlist_entry_id', 'booking_id', c.payload -> 'booking_id',
           'event_id', c.payload -> 'event_id', 'user_id', c.payload -> 'user_id', 'quantity', c.payload -> 'quantity',
           'available_seats', c.payload -> 'available_seats', 'inventory_version', c.payload -> 'inventory_version',
           'occurred_at', c.payload -> 'occurred_at'),
       c.trace_parent
FROM outbox_messages c
WHERE c.sent_at IS NULL AND c.last_error IS NULL
  AND c.message_type = 'Evently.Contracts.BookingConfirmed'
  AND jsonb_typeof(c.payload -> 'waitlist_entry_id') = 'string'
  AND NOT EXISTS (SELECT 1 FROM outbox_messages w
                  WHERE w.message_type = 'Evently.Contracts.WaitlistEntryBooked' AND w.payload -> 'booking_id' = c.payload -> 'booking_id')
ORDER BY c.sequence;
