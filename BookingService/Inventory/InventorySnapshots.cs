using Dapper;
using Evently.BookingService.Bookings;
using Evently.Contracts;
using Npgsql;

namespace Evently.BookingService.Inventory;

/// <summary>
/// Applies an event's latest snapshot to its inventory row, in the caller's transaction: creates the row, or, when
/// the snapshot is newer than what the row was built from, takes the new price/status and a new capacity measured
/// against the seats already sold (never below them). Cancelling an event cancels its confirmed bookings.
/// </summary>
public static class InventorySnapshots
{
    /// <returns>true when the row changed.</returns>
    public static async Task<bool> ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, EventSnapshot snapshot, CancellationToken ct)
    {
        var status = snapshot.Status == EventStatuses.Cancelled ? EventStatuses.Cancelled : EventStatuses.Scheduled;
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO event_inventory (event_id, total_capacity, available_seats, price, currency, status, event_version, hold_minutes)
            VALUES (@EventId, @TotalCapacity, @TotalCapacity, @Price, @Currency, @Status, @Version, @HoldMinutes)
            ON CONFLICT (event_id) DO NOTHING
            """,
            new
            {
                snapshot.EventId,
                TotalCapacity = Math.Max(0, snapshot.TotalCapacity),
                snapshot.Price,
                snapshot.Currency,
                Status = status,
                snapshot.Version,
                HoldMinutes = HoldMinutesOf(snapshot)
            },
            tx, cancellationToken: ct));
        if (inserted == 1)
        {
            return true;
        }

        var row = await connection.QuerySingleAsync<InventoryRow>(new CommandDefinition(
            $"SELECT {InventoryRow.Columns} FROM event_inventory WHERE event_id = @EventId FOR UPDATE",
            new { snapshot.EventId }, tx, cancellationToken: ct));
        var eventVersion = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT event_version FROM event_inventory WHERE event_id = @EventId", new { snapshot.EventId }, tx, cancellationToken: ct));
        if (snapshot.Version <= eventVersion)
        {
            return false; // stale or duplicate copy
        }

        if (status == EventStatuses.Cancelled && !row.IsCancelled)
        {
            await EventCancellation.CancelAllAsync(connection, tx, row, snapshot.Version, ct);
            return true;
        }

        // Sold seats stay sold (seats in someone's checkout count as sold here): the capacity cannot go below them (nor
        // below seats held for the waitlist). Status is
        // not taken over here: a cancelled event stays cancelled (its bookings are gone), a scheduled one is
        // cancelled only through the branch above.
        var sold = row.TotalCapacity - row.AvailableSeats - row.HeldSeats;
        var capacity = Math.Max(snapshot.TotalCapacity, sold + row.HeldSeats);
        var available = capacity - sold - row.HeldSeats;
        var seatsChanged = capacity != row.TotalCapacity || available != row.AvailableSeats;
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE event_inventory
            SET total_capacity = @capacity, available_seats = @available, price = @Price, currency = @Currency,
                hold_minutes = @HoldMinutes, event_version = @Version, version = version + @bump, updated_at = now()
            WHERE event_id = @EventId
            """,
            new
            {
                capacity,
                available,
                snapshot.Price,
                snapshot.Currency,
                snapshot.Version,
                snapshot.EventId,
                bump = seatsChanged ? 1 : 0,
                HoldMinutes = HoldMinutesOf(snapshot),
            },
            tx, cancellationToken: ct));
        return true;
    }

    /// <summary>Messages written before holds existed say 0: those events get the default.</summary>
    private static int HoldMinutesOf(EventSnapshot snapshot) =>
        snapshot.HoldMinutes > 0 ? snapshot.HoldMinutes : EventChanged.DefaultHoldMinutes;
}
