-- Live seat counts: every committed change of an event's seats is announced on the 'live_seats' channel, whatever path
-- made it (group commit, per-request strategies, cancellations, checkout and waitlist holds and their expiry, event
-- cancellation, capacity changes). NOTIFY is delivered only on commit and in commit order, so the listener
-- (LiveSeats/LiveSeatsPublisher) never sees a count that was rolled back. One small notification per changed row: the
-- group commit changes one row per transaction, and the outbox already NOTIFYs in the same transactions.
-- Payload: event_id,total_capacity,available_seats,version.
CREATE OR REPLACE FUNCTION notify_live_seats() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('live_seats',
        NEW.event_id::text || ',' || NEW.total_capacity || ',' || NEW.available_seats || ',' || NEW.version);
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS event_inventory_live_seats_insert ON event_inventory;
CREATE TRIGGER event_inventory_live_seats_insert
    AFTER INSERT ON event_inventory
    FOR EACH ROW EXECUTE FUNCTION notify_live_seats();

DROP TRIGGER IF EXISTS event_inventory_live_seats_update ON event_inventory;
CREATE TRIGGER event_inventory_live_seats_update
    AFTER UPDATE ON event_inventory
    FOR EACH ROW
    WHEN (OLD.available_seats IS DISTINCT FROM NEW.available_seats
       OR OLD.total_capacity IS DISTINCT FROM NEW.total_capacity
       OR OLD.version IS DISTINCT FROM NEW.version)
    EXECUTE FUNCTION notify_live_seats();

-- No index on updated_at for the listener's resync (a scan, only after a reconnect): an index on a column every booking
-- sets would make each UPDATE of the hot row a non-HOT update, costing index writes on the booking path.
