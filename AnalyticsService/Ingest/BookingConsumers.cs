using Dapper;
using Evently.Contracts;
using Npgsql;

namespace Evently.AnalyticsService.Ingest;

/// <summary>A confirmed booking: its row (keeping a cancellation that may have arrived first) and the newest seat count.</summary>
public sealed class BookingConfirmedConsumer(NpgsqlDataSource dataSource) : IdempotentConsumer<BookingConfirmed>(dataSource)
{
    protected override string Name => "analytics.booking-confirmed";

    protected override async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, BookingConfirmed m, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO analytics_bookings (booking_id, event_id, user_id, quantity, unit_price, currency, waitlist_entry_id, confirmed_at)
            VALUES (@BookingId, @EventId, @UserId, @Quantity, @UnitPrice, @Currency, @WaitlistEntryId, @OccurredAt)
            ON CONFLICT (booking_id) DO UPDATE SET
                quantity = excluded.quantity, unit_price = excluded.unit_price, currency = excluded.currency,
                waitlist_entry_id = excluded.waitlist_entry_id, confirmed_at = excluded.confirmed_at
            """, m, tx, cancellationToken: ct));
        await InventorySql.UpsertAsync(connection, tx, m.EventId, m.TotalCapacity, m.AvailableSeats, m.InventoryVersion, ct);
    }
}

/// <summary>
/// Seats went back: a cancelled booking (counted as a cancellation) or an expired waitlist hold (only the seat count moves).
/// </summary>
public sealed class SeatReleasedConsumer(NpgsqlDataSource dataSource) : IdempotentConsumer<SeatReleased>(dataSource)
{
    protected override string Name => "analytics.seat-released";

    protected override async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, SeatReleased m, CancellationToken ct)
    {
        if (m.BookingId != Guid.Empty)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO analytics_bookings (booking_id, event_id, user_id, quantity, cancelled_at, release_reason)
                VALUES (@BookingId, @EventId, @UserId, @Quantity, @OccurredAt, @Reason)
                ON CONFLICT (booking_id) DO UPDATE SET cancelled_at = excluded.cancelled_at, release_reason = excluded.release_reason
                """, m, tx, cancellationToken: ct));
        }

        await InventorySql.UpsertAsync(connection, tx, m.EventId, m.TotalCapacity, m.AvailableSeats, m.InventoryVersion, ct);
    }
}

internal static class InventorySql
{
    /// <summary>Keeps the count of the highest inventory version seen: messages of one event may be consumed out of order.</summary>
    public static Task UpsertAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid eventId, int totalCapacity,
        int availableSeats, long version, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO analytics_inventory (event_id, total_capacity, available_seats, inventory_version)
            VALUES (@eventId, @totalCapacity, @availableSeats, @version)
            ON CONFLICT (event_id) DO UPDATE SET
                total_capacity = excluded.total_capacity, available_seats = excluded.available_seats,
                inventory_version = excluded.inventory_version
            WHERE analytics_inventory.inventory_version < excluded.inventory_version
            """, new { eventId, totalCapacity, availableSeats, version }, tx, cancellationToken: ct));
}
