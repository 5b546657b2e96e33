using System.Diagnostics;
using Dapper;
using Evently.BookingService.Bookings;
using Evently.BookingService.Sharding;
using Evently.BookingService.Strategies;
using Evently.BookingService.Telemetry;

namespace Evently.BookingService.Holds;

/// <summary>
/// Turns a live hold into a confirmed booking: the hold leaves 'active' by a conditional UPDATE (so of two confirms,
/// a confirm and the sweep, or two replicas, exactly one wins), its seats move from checkout to sold, and the booking
/// with its BookingConfirmed is written in the same round trip. A second confirm answers the same booking.
/// </summary>
public sealed class ConfirmHold(ShardMap shards, BookingMetrics metrics, TimeProvider clock)
{
    private const string ClaimSql =
        $"""
        UPDATE holds SET status = 'confirmed', booking_id = @bookingId, ended_at = now()
        WHERE id = @holdId AND status = 'active' AND expires_at > now()
        RETURNING {HoldRecord.Columns}
        """;

    public async Task<HoldOutcome> ExecuteAsync(Guid holdId, Guid callerId, CancellationToken ct)
    {
        if (shards.ForBooking(holdId) is not { } shard)
        {
            return new HoldOutcome.NotFound();
        }

        await using var connection = await shard.DataSource.OpenConnectionAsync(ct);
        var hold = await HoldRows.ByIdAsync(connection, null, holdId, ct);
        if (hold is null || hold.UserId != callerId)
        {
            return new HoldOutcome.NotFound();
        }

        if (hold.Status != HoldRecord.Active)
        {
            return await EndedAsync(connection, hold, ct);
        }

        await using var tx = await connection.BeginTransactionAsync(ct);
        // Inventory row before hold row: the order every path that touches both takes, so none can deadlock.
        var row = await SeatTransaction.ReadAsync(connection, tx, hold.EventId, forUpdate: true, ct);
        var bookingId = BookingIds.New(shard.Index);
        var claimed = await connection.QuerySingleOrDefaultAsync<HoldRecord>(new CommandDefinition(ClaimSql, new { holdId, bookingId }, tx,
            cancellationToken: ct));
        if (claimed is null || row is null)
        {
            await tx.RollbackAsync(ct);
            return await EndedAsync(connection, await HoldRows.ByIdAsync(connection, null, holdId, ct) ?? hold, ct);
        }

        var version = row.Version + 1;
        var createdAt = HoldRows.Truncate(clock.GetUtcNow().UtcDateTime);
        var booking = new NewBooking(bookingId, hold.EventId, hold.UserId, hold.Quantity, null, null, row.Price, row.Currency,
            row.AvailableSeats, row.TotalCapacity, version, null, createdAt, Activity.Current?.Id);
        await connection.ExecuteAsync(BookingWrites.InsertConfirmedCommand(tx, [booking],
            """
            UPDATE event_inventory SET checkout_seats = checkout_seats - @quantity, version = @version, updated_at = now()
            WHERE event_id = @eventId;
            """, new { quantity = hold.Quantity, version, eventId = hold.EventId }, ct));
        await tx.CommitAsync(ct);
        metrics.Confirmed.Add(1);
        metrics.SeatsSold.Add(hold.Quantity);
        metrics.Holds.Add(1, new KeyValuePair<string, object?>("outcome", "confirmed"));
        return new HoldOutcome.Booked(booking.ToRecord(), Replayed: false);
    }

    /// <summary>What a confirm of a hold no longer active answers: its booking again, or why it cannot be had.</summary>
    private async Task<HoldOutcome> EndedAsync(Npgsql.NpgsqlConnection connection, HoldRecord hold, CancellationToken ct)
    {
        if (hold.Status == HoldRecord.Confirmed && await BookingQueries.ByIdAsync(connection, hold.BookingId!.Value, ct) is { } booking)
        {
            return new HoldOutcome.Booked(booking, Replayed: true);
        }

        return new HoldOutcome.Ended(hold);
    }
}
