using System.Diagnostics;
using Dapper;
using Evently.BookingService.Messaging;
using Evently.BookingService.Sharding;
using Evently.BookingService.Strategies;
using Evently.BookingService.Telemetry;
using Evently.BookingService.Waitlist;
using Evently.Contracts;

namespace Evently.BookingService.Bookings;

/// <summary>
/// Cancels a booking: status change, seats back and SeatReleased in one transaction. The inventory row is locked
/// before the booking row, the same order the event-cancellation path uses, so the two cannot deadlock.
/// Cancelling an already cancelled booking changes nothing and returns it.
/// </summary>
public sealed class CancelBooking(ShardMap shards, BookingMetrics metrics, WaitlistPromotion waitlist)
{
    /// <returns>The booking after cancellation, or null when it does not exist or is not the caller's.</returns>
    public async Task<BookingRecord?> ExecuteAsync(Guid bookingId, Guid callerId, bool isAdmin, CancellationToken ct)
    {
        if (shards.ForBooking(bookingId) is not { } shard)
        {
            return null;
        }

        await using var connection = await shard.DataSource.OpenConnectionAsync(ct);
        var booking = await BookingQueries.ByIdAsync(connection, bookingId, ct);
        if (booking is null || (booking.UserId != callerId && !isAdmin))
        {
            return null;
        }

        if (booking.Status == BookingRecord.Cancelled)
        {
            return booking;
        }

        await using var tx = await connection.BeginTransactionAsync(ct);
        var row = await SeatTransaction.ReadAsync(connection, tx, booking.EventId, forUpdate: true, ct);
        var cancelledAt = await connection.QuerySingleOrDefaultAsync<DateTime?>(new CommandDefinition(
            "UPDATE bookings SET status = 'cancelled', cancelled_at = now() WHERE id = @bookingId AND status = 'confirmed' RETURNING cancelled_at",
            new { bookingId }, tx, cancellationToken: ct));
        if (cancelledAt is null || row is null)
        {
            await tx.RollbackAsync(ct);
            return await BookingQueries.ByIdAsync(connection, bookingId, ct); // cancelled meanwhile
        }

        // Fair promotion first: released seats go to waiting entries that fit (booked here) or are held for them;
        // only what nobody waits for goes back on sale.
        var toSale = await waitlist.OnSeatsReleasedAsync(connection, tx, shard, row, booking.Quantity, ct);
        var seats = await connection.QuerySingleAsync<SeatTransaction.SeatsTaken>(new CommandDefinition(
            $"""
            UPDATE event_inventory SET available_seats = available_seats + @toSale, version = version + 1, updated_at = now()
            WHERE event_id = @EventId
            {SeatTransaction.Returning}
            """, new { toSale, booking.EventId }, tx, cancellationToken: ct));
        var outbox = new OutboxRows();
        outbox.Add(new SeatReleased(booking.Id, booking.EventId, booking.UserId, booking.Quantity, seats.AvailableSeats,
            seats.TotalCapacity, seats.Version, ReleaseReasons.Cancelled, DateTimeOffset.UtcNow), Activity.Current?.Id);
        await connection.ExecuteAsync(new CommandDefinition(OutboxRows.InsertSql, outbox.Parameters, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        metrics.Cancelled.Add(1);
        return booking with { Status = BookingRecord.Cancelled, CancelledAt = cancelledAt };
    }
}
