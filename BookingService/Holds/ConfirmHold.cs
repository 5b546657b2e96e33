using System.Diagnostics;
using Dapper;
using Evently.BookingService.Bookings;
using Evently.BookingService.Sharding;
using Evently.BookingService.Shedding;
using Evently.BookingService.Strategies;
using Evently.BookingService.Telemetry;
using Npgsql;

namespace Evently.BookingService.Holds;

/// <summary>
/// Turns a live hold into a confirmed booking: the hold leaves 'active' by a conditional UPDATE (so of two confirms,
/// a confirm and the sweep, or two replicas, exactly one wins), its seats move from checkout to sold, and the booking
/// with its BookingConfirmed and tickets is written in the same round trip. A second confirm answers the same booking.
/// Runs on a <see cref="DatabaseWorkers"/> thread, like a hold, so the row lock is held for the database's time only.
/// </summary>
public sealed class ConfirmHold(ShardMap shards, BookingMetrics metrics, TimeProvider clock, DatabaseWorkers workers, LoadShedding shedding)
{
    private const string ClaimSql =
        $"""
        UPDATE holds SET status = 'confirmed', booking_id = @bookingId, ended_at = now()
        WHERE id = @holdId AND status = 'active' AND expires_at > now()
        RETURNING {HoldRecord.Columns}
        """;

    private const string TakeSql =
        """
        UPDATE event_inventory SET checkout_seats = checkout_seats - @quantity, version = @version, updated_at = now()
        WHERE event_id = @eventId;
        """;

    public async Task<HoldOutcome> ExecuteAsync(Guid holdId, Guid callerId, CancellationToken ct)
    {
        if (shards.ForBooking(holdId) is not { } shard)
        {
            return new HoldOutcome.NotFound();
        }

        using var admission = await shedding.Holds.EnterAsync(shard, ct);
        if (admission.Refusal is { } shed)
        {
            metrics.Holds.Add(1, new KeyValuePair<string, object?>("outcome", "shed"));
            return new HoldOutcome.Refused(503, shed, "shed");
        }

        var traceParent = Activity.Current?.Id; // the worker thread has no Activity
        return await workers.RunAsync(() => Execute(shard, holdId, callerId, traceParent));
    }

    private HoldOutcome Execute(Shard shard, Guid holdId, Guid callerId, string? traceParent)
    {
        using var connection = shard.DataSource.OpenConnection();
        var hold = HoldRows.ById(connection, null, holdId);
        if (hold is null || hold.UserId != callerId)
        {
            return new HoldOutcome.NotFound();
        }

        if (hold.Status != HoldRecord.Active)
        {
            return Ended(connection, hold);
        }

        using var tx = connection.BeginTransaction();
        // Inventory row before hold row: the order every path that touches both takes, so none can deadlock.
        var row = SeatTransaction.Read(connection, tx, hold.EventId, forUpdate: true);
        var bookingId = BookingIds.New(shard.Index);
        var claimed = connection.QuerySingleOrDefault<HoldRecord>(ClaimSql, new { holdId, bookingId }, tx);
        if (claimed is null || row is null)
        {
            tx.Rollback();
            return Ended(connection, HoldRows.ById(connection, null, holdId) ?? hold);
        }

        var version = row.Version + 1;
        var createdAt = HoldRows.Truncate(clock.GetUtcNow().UtcDateTime);
        var booking = new NewBooking(bookingId, hold.EventId, hold.UserId, hold.Quantity, null, null, row.Price, row.Currency,
            row.AvailableSeats, row.TotalCapacity, version, null, createdAt, traceParent);
        connection.Execute(BookingWrites.InsertConfirmedCommand(tx, [booking], TakeSql,
            new { quantity = hold.Quantity, version, eventId = hold.EventId }));
        tx.Commit();
        metrics.Confirmed.Add(1);
        metrics.SeatsSold.Add(hold.Quantity);
        metrics.Holds.Add(1, new KeyValuePair<string, object?>("outcome", "confirmed"));
        return new HoldOutcome.Booked(booking.ToRecord(), Replayed: false);
    }

    /// <summary>What a confirm of a hold no longer active answers: its booking again, or why it cannot be had.</summary>
    private static HoldOutcome Ended(NpgsqlConnection connection, HoldRecord hold) =>
        hold.Status == HoldRecord.Confirmed
        && BookingQueries.ById(connection, hold.BookingId!.Value) is { } booking
            ? new HoldOutcome.Booked(booking, Replayed: true)
            : new HoldOutcome.Ended(hold);
}
