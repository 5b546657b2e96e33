using System.Diagnostics;
using Dapper;
using Evently.BookingService.Inventory;
using Evently.BookingService.Messaging;
using Evently.Contracts;
using Npgsql;

namespace Evently.BookingService.Bookings;

/// <summary>
/// A cancelled event cancels every confirmed booking it has, returns their seats and emits one SeatReleased
/// (reason <c>event-cancelled</c>) per booking, each with its own inventory version, in the caller's transaction.
/// Checkout holds end too (released): nobody can confirm a seat of a cancelled event.
/// </summary>
public static class EventCancellation
{
    /// <param name="row">The inventory row, already locked by the caller (FOR UPDATE).</param>
    public static async Task CancelAllAsync(NpgsqlConnection connection, NpgsqlTransaction tx, InventoryRow row, long eventVersion, CancellationToken ct)
    {
        var cancelled = (await connection.QueryAsync<(Guid Id, Guid UserId, int Quantity)>(new CommandDefinition(
            """
            UPDATE bookings SET status = 'cancelled', cancelled_at = now()
            WHERE event_id = @EventId AND status = 'confirmed'
            RETURNING id, user_id, quantity
            """, new { row.EventId }, tx, cancellationToken: ct))).OrderBy(b => b.Id).ToList();

        var heldForCheckout = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            WITH ended AS (
                UPDATE holds SET status = 'released', ended_at = now() WHERE event_id = @EventId AND status = 'active' RETURNING quantity)
            SELECT coalesce(sum(quantity), 0)::int FROM ended
            """, new { row.EventId }, tx, cancellationToken: ct));

        var outbox = new OutboxRows();
        var available = row.AvailableSeats + heldForCheckout;
        var version = row.Version;
        var now = DateTimeOffset.UtcNow;
        foreach (var booking in cancelled)
        {
            available += booking.Quantity;
            version++;
            outbox.Add(new SeatReleased(booking.Id, row.EventId, booking.UserId, booking.Quantity, available, row.TotalCapacity,
                version, ReleaseReasons.EventCancelled, now), Activity.Current?.Id);
        }

        var parameters = new DynamicParameters(new { row.EventId, available, version, eventVersion, heldForCheckout });
        var sql =
            """
            UPDATE event_inventory
            SET status = 'cancelled', available_seats = @available, checkout_seats = checkout_seats - @heldForCheckout, version = @version, event_version = @eventVersion, updated_at = now()
            WHERE event_id = @EventId;
            """;
        if (outbox.Count > 0)
        {
            parameters.AddDynamicParams(outbox.Parameters);
            sql += OutboxRows.InsertSql;
        }

        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, tx, cancellationToken: ct));
    }
}
