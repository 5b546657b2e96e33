using System.Diagnostics;
using Dapper;
using Evently.BookingService.Inventory;
using Evently.BookingService.Messaging;
using Evently.BookingService.Sharding;
using Evently.BookingService.Strategies;
using Evently.BookingService.Waitlist;
using Evently.Contracts;
using Npgsql;

namespace Evently.BookingService.Holds;

/// <summary>
/// Gives back the seats of holds that just ended unconfirmed (their rows already moved out of 'active' in the
/// caller's transaction, the inventory row locked): waitlist first (the same fair promotion as a cancellation), the
/// rest back on sale, one SeatReleased for the new count and a HoldExpired per expired hold.
/// </summary>
public sealed class HoldRelease(WaitlistPromotion waitlist)
{
    public async Task ReleaseAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Shard shard, InventoryRow row,
        IReadOnlyList<HoldRecord> ended, string reason, CancellationToken ct)
    {
        var released = ended.Sum(h => h.Quantity);
        // Out of checkout first: the promotion below may hold these seats for the waitlist, and every seat must be in
        // exactly one place at every statement (the capacity CHECK is not deferred).
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE event_inventory SET checkout_seats = checkout_seats - @released WHERE event_id = @EventId",
            new { released, row.EventId }, tx, cancellationToken: ct));
        var toSale = await waitlist.OnSeatsReleasedAsync(connection, tx, shard, row, released, ct);
        var seats = await connection.QuerySingleAsync<SeatTransaction.SeatsTaken>(new CommandDefinition(
            $"""
            UPDATE event_inventory SET available_seats = available_seats + @toSale, version = version + 1, updated_at = now()
            WHERE event_id = @EventId
            {SeatTransaction.Returning}
            """, new { toSale, row.EventId }, tx, cancellationToken: ct));

        var now = DateTimeOffset.UtcNow;
        var outbox = new OutboxRows();
        var owner = ended.Select(h => h.UserId).Distinct().Count() == 1 ? ended[0].UserId : Guid.Empty;
        outbox.Add(new SeatReleased(Guid.Empty, row.EventId, owner, released, seats.AvailableSeats, seats.TotalCapacity, seats.Version,
            reason, now), Activity.Current?.Id);
        if (reason == ReleaseReasons.HoldExpired)
        {
            foreach (var hold in ended)
            {
                outbox.Add(new HoldExpired(hold.Id, hold.EventId, hold.UserId, hold.Quantity,
                    new DateTimeOffset(hold.ExpiresAt, TimeSpan.Zero), now), Activity.Current?.Id);
            }
        }

        await connection.ExecuteAsync(new CommandDefinition(OutboxRows.InsertSql, outbox.Parameters, tx, cancellationToken: ct));
    }
}
