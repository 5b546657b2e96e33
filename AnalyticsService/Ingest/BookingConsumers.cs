using Dapper;
using Evently.Contracts;
using Npgsql;

namespace Evently.AnalyticsService.Ingest;

/// <summary>A commit's confirmed bookings of one event (see <see cref="ConfirmedBookings"/>).</summary>
public sealed class BookingsConfirmedConsumer(NpgsqlDataSource dataSource, ILogger<BookingsConfirmedConsumer> logger) : IdempotentConsumer<BookingsConfirmed>(dataSource, logger)
{
    protected override string Name => "analytics.bookings-confirmed";

    protected override Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<BookingsConfirmed> messages,
        CancellationToken ct) =>
        ConfirmedBookings.ApplyAsync(connection, tx, messages.SelectMany(m => m.Bookings).ToList(), ct);
}

/// <summary>Single bookings as earlier versions published them: kept so a queue filled before an upgrade drains.</summary>
public sealed class BookingConfirmedConsumer(NpgsqlDataSource dataSource, ILogger<BookingConfirmedConsumer> logger) : IdempotentConsumer<BookingConfirmed>(dataSource, logger)
{
    protected override string Name => "analytics.booking-confirmed";

    protected override Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<BookingConfirmed> messages,
        CancellationToken ct) =>
        ConfirmedBookings.ApplyAsync(connection, tx, messages, ct);
}

/// <summary>Confirmed bookings: their rows (keeping a cancellation that may have arrived first) and the newest seat counts.</summary>
internal static class ConfirmedBookings
{
    // One statement per batch: an on-sale confirms thousands of bookings a second.
    public static async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<BookingConfirmed> messages,
        CancellationToken ct)
    {
        var rows = messages.DistinctBy(m => m.BookingId).ToList();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO analytics_bookings (booking_id, event_id, user_id, quantity, unit_price, currency, waitlist_entry_id, confirmed_at)
            SELECT * FROM unnest(@bookingIds, @eventIds, @userIds, @quantities, @unitPrices, @currencies, @waitlistEntryIds, @confirmedAt)
            ON CONFLICT (booking_id) DO UPDATE SET
                quantity = excluded.quantity, unit_price = excluded.unit_price, currency = excluded.currency,
                waitlist_entry_id = excluded.waitlist_entry_id, confirmed_at = excluded.confirmed_at
            """,
            new
            {
                bookingIds = rows.Select(m => m.BookingId).ToArray(),
                eventIds = rows.Select(m => m.EventId).ToArray(),
                userIds = rows.Select(m => m.UserId).ToArray(),
                quantities = rows.Select(m => m.Quantity).ToArray(),
                unitPrices = rows.Select(m => m.UnitPrice).ToArray(),
                currencies = rows.Select(m => m.Currency).ToArray(),
                waitlistEntryIds = rows.Select(m => m.WaitlistEntryId).ToArray(),
                confirmedAt = rows.Select(m => m.OccurredAt).ToArray(),
            }, tx, cancellationToken: ct));
        await InventorySql.UpsertNewestAsync(connection, tx,
            messages.Select(m => new InventorySql.Seats(m.EventId, m.TotalCapacity, m.AvailableSeats, m.InventoryVersion)), ct);
    }
}

/// <summary>
/// Seats went back: a cancelled booking (counted as a cancellation) or an expired waitlist hold (only the seat count moves).
/// </summary>
public sealed class SeatReleasedConsumer(NpgsqlDataSource dataSource, ILogger<SeatReleasedConsumer> logger) : IdempotentConsumer<SeatReleased>(dataSource, logger)
{
    protected override string Name => "analytics.seat-released";

    protected override async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<SeatReleased> messages,
        CancellationToken ct)
    {
        // Dapper runs it once per released booking (cancellations are far fewer than confirmations).
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO analytics_bookings (booking_id, event_id, user_id, quantity, cancelled_at, release_reason)
            VALUES (@BookingId, @EventId, @UserId, @Quantity, @OccurredAt, @Reason)
            ON CONFLICT (booking_id) DO UPDATE SET cancelled_at = excluded.cancelled_at, release_reason = excluded.release_reason
            """, messages.Where(m => m.BookingId != Guid.Empty).ToList(), tx, cancellationToken: ct));

        await InventorySql.UpsertNewestAsync(connection, tx,
            messages.Select(m => new InventorySql.Seats(m.EventId, m.TotalCapacity, m.AvailableSeats, m.InventoryVersion)), ct);
    }
}

internal static class InventorySql
{
    public sealed record Seats(Guid EventId, int TotalCapacity, int AvailableSeats, long Version);

    /// <summary>
    /// Keeps, per event, the count of the highest inventory version seen: messages of one event may be consumed out of
    /// order. One statement for the batch, the newest message per event only.
    /// </summary>
    public static Task UpsertNewestAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IEnumerable<Seats> seats, CancellationToken ct)
    {
        var newest = seats.GroupBy(s => s.EventId).Select(g => g.MaxBy(s => s.Version)!).OrderBy(s => s.EventId).ToList();
        return connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO analytics_inventory (event_id, total_capacity, available_seats, inventory_version)
            SELECT * FROM unnest(@eventIds, @capacities, @available, @versions)
            ON CONFLICT (event_id) DO UPDATE SET
                total_capacity = excluded.total_capacity, available_seats = excluded.available_seats,
                inventory_version = excluded.inventory_version
            WHERE analytics_inventory.inventory_version < excluded.inventory_version
            """,
            new
            {
                eventIds = newest.Select(s => s.EventId).ToArray(),
                capacities = newest.Select(s => s.TotalCapacity).ToArray(),
                available = newest.Select(s => s.AvailableSeats).ToArray(),
                versions = newest.Select(s => s.Version).ToArray(),
            }, tx, cancellationToken: ct));
    }
}
