using Dapper;
using Npgsql;

namespace Evently.Booking.Tests;

/// <summary>The invariant, checked straight on the event's shard (not through the service under test).</summary>
internal static class ConsistencySql
{
    public sealed record Row(int TotalCapacity, int AvailableSeats, int HeldSeats, int CheckoutSeats, int Booked, long Bookings);

    public static async Task<Row> ReadAsync(string connectionString, Guid eventId)
    {
        await using var db = new NpgsqlConnection(connectionString);
        return await db.QuerySingleAsync<Row>(
            """
            SELECT i.total_capacity AS TotalCapacity, i.available_seats AS AvailableSeats, i.held_seats AS HeldSeats,
                   i.checkout_seats AS CheckoutSeats,
                   COALESCE(SUM(b.quantity) FILTER (WHERE b.status = 'confirmed'), 0)::int AS Booked,
                   COUNT(b.id) FILTER (WHERE b.status = 'confirmed') AS Bookings
            FROM event_inventory i LEFT JOIN bookings b ON b.event_id = i.event_id
            WHERE i.event_id = @eventId
            GROUP BY i.event_id, i.total_capacity, i.available_seats, i.held_seats, i.checkout_seats
            """, new { eventId });
    }

    public static void AssertHolds(Row row)
    {
        Assert.Equal(row.TotalCapacity - row.AvailableSeats - row.HeldSeats - row.CheckoutSeats, row.Booked);
        Assert.True(row.AvailableSeats >= 0);
        Assert.True(row.Booked <= row.TotalCapacity);
    }
}
