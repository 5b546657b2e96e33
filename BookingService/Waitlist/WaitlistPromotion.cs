using System.Diagnostics;
using Dapper;
using Evently.BookingService.Bookings;
using Evently.BookingService.Inventory;
using Evently.BookingService.Sharding;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evently.BookingService.Waitlist;

/// <summary>
/// Fair promotion, always inside the caller's transaction with the event's inventory row locked, so seats, holds,
/// bookings, replica rows and messages change together or not at all (a crash or restart leaves no half-promotion).
/// A pool of seats (held seats plus what is being released) is offered to the waiting entries in join order; each
/// entry whose quantity fits gets a confirmed booking (with its <c>waitlist_entry_id</c>, unique) and its
/// BookingConfirmed message carries the entry id; the rest of the pool is held for those still waiting.
/// </summary>
public sealed class WaitlistPromotion(IOptions<WaitlistOptions> options, TimeProvider clock)
{
    /// <summary>
    /// A confirmed booking of <paramref name="released"/> seats was just cancelled (row locked, seats not yet returned).
    /// Books waiting entries that fit from held + released seats; holds what the others cannot use yet.
    /// </summary>
    /// <returns>How many seats go back on general sale (the caller adds them to <c>available_seats</c>).</returns>
    public async Task<int> OnSeatsReleasedAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Shard shard, InventoryRow row,
        int released, CancellationToken ct)
    {
        if (row.IsCancelled)
        {
            return released;
        }

        var waiting = await WaitingAsync(connection, tx, row.EventId, ct);
        if (waiting.Count == 0)
        {
            return released; // nobody waits: held seats (if any) are returned by the sweep
        }

        var pool = row.HeldSeats + released;
        var promoted = PickFits(waiting, ref pool);
        var stillWaiting = promoted.Count < waiting.Count;
        // Seats no remaining entry can use go on sale now; otherwise they wait for the next release or the hold's end.
        var held = stillWaiting ? pool : 0;
        var toSale = stillWaiting ? 0 : pool;
        await WriteAsync(connection, tx, shard, row, promoted, row.AvailableSeats, held, ct);
        return toSale;
    }

    /// <summary>
    /// Someone joined the waitlist (replica row written in this transaction): seats that are free right now, held or
    /// on sale, go to the waiting entries that fit, in join order, before anyone else can book them.
    /// </summary>
    public async Task OnJoinedAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Shard shard, Guid eventId, CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<InventoryRow>(new CommandDefinition(
            $"SELECT {InventoryRow.Columns} FROM event_inventory WHERE event_id = @eventId FOR UPDATE", new { eventId }, tx, cancellationToken: ct));
        if (row is null || row.IsCancelled || row.AvailableSeats + row.HeldSeats == 0)
        {
            return;
        }

        var waiting = await WaitingAsync(connection, tx, eventId, ct);
        var pool = row.AvailableSeats + row.HeldSeats;
        var promoted = PickFits(waiting, ref pool);
        if (promoted.Count == 0)
        {
            return;
        }

        // Held seats are used first; the rest comes off general sale.
        var taken = promoted.Sum(e => e.Quantity);
        var fromHeld = Math.Min(row.HeldSeats, taken);
        await WriteAsync(connection, tx, shard, row, promoted, row.AvailableSeats - (taken - fromHeld), row.HeldSeats - fromHeld, ct);
    }

    private async Task<List<WaitingEntry>> WaitingAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid eventId, CancellationToken ct) =>
        [.. await connection.QueryAsync<WaitingEntry>(new CommandDefinition(
            """
            SELECT entry_id AS EntryId, event_id AS EventId, user_id AS UserId, quantity AS Quantity
            FROM waitlist_replica WHERE event_id = @eventId AND status = 'waiting'
            ORDER BY joined_at, entry_id LIMIT @limit
            FOR UPDATE
            """, new { eventId, limit = options.Value.MaxEntriesPerPromotion }, tx, cancellationToken: ct))];

    /// <summary>First entries whose quantity fits, in join order (a big request does not block smaller ones behind it).</summary>
    private static List<WaitingEntry> PickFits(List<WaitingEntry> waiting, ref int pool)
    {
        var picked = new List<WaitingEntry>();
        foreach (var entry in waiting)
        {
            if (entry.Quantity <= pool)
            {
                picked.Add(entry);
                pool -= entry.Quantity;
            }
        }

        return picked;
    }

    /// <summary>Books the promoted entries, sets the seat counts and makes the holds table sum to <paramref name="held"/>.</summary>
    private async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Shard shard, InventoryRow row,
        List<WaitingEntry> promoted, int available, int held, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        now = now.AddTicks(-(now.Ticks % 10)); // PostgreSQL keeps microseconds
        var version = row.Version;
        var bookings = promoted.Select(e => new NewBooking(BookingIds.New(shard.Index), e.EventId, e.UserId, e.Quantity, null, null,
            row.Price, row.Currency, available, row.TotalCapacity, ++version, e.EntryId, now, Activity.Current?.Id)).ToList();

        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE event_inventory SET available_seats = @available, held_seats = @held, version = @version, updated_at = now()
            WHERE event_id = @EventId;
            UPDATE waitlist_replica r SET status = 'promoted', booking_id = p.booking_id
            FROM unnest(@entries::uuid[], @bookingIds::uuid[]) AS p(entry_id, booking_id)
            WHERE r.entry_id = p.entry_id;
            """,
            new
            {
                available,
                held,
                version,
                row.EventId,
                entries = bookings.Select(b => b.WaitlistEntryId!.Value).ToArray(),
                bookingIds = bookings.Select(b => b.Id).ToArray(),
            }, tx, cancellationToken: ct));
        await WaitlistHolds.ResizeAsync(connection, tx, row.EventId, held, now.AddSeconds(options.Value.HoldSeconds), ct);
        await BookingWrites.InsertConfirmedAsync(connection, tx, bookings, ct);
    }
}
