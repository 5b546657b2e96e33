using System.Net;
using Dapper;
using Evently.Testing;
using Npgsql;

namespace Evently.Fault.Tests;

/// <summary>
/// What must hold after any fault: every booking a client saw confirmed exists, no event is oversold (the service's
/// consistency report and SQL straight on the shard agree), and analytics counted each confirmed booking exactly once.
/// </summary>
internal static class Invariants
{
    private static readonly TimeSpan AnalyticsDeadline = TimeSpan.FromSeconds(120);

    public static async Task AssertHoldAsync(EventlySystem system, HttpClient admin, BookingLoad load, IReadOnlyList<Guid> events)
    {
        Assert.True(load.Confirmed.Count > 0, $"the load confirmed nothing ({load.Describe()})");
        foreach (var eventId in events)
        {
            var seen = load.Confirmed.Where(c => c.Value.EventId == eventId).Select(c => c.Key).ToArray();
            var shard = FaultApi.ShardConnectionString(system, eventId);
            await using var db = new NpgsqlConnection(shard);

            // 1. Nothing a client saw confirmed is lost.
            var stored = (await db.QueryAsync<Guid>(
                "SELECT id FROM bookings WHERE id = ANY(@ids) AND status = 'confirmed'", new { ids = seen })).ToHashSet();
            Assert.True(seen.All(stored.Contains),
                $"event {eventId}: {seen.Count(id => !stored.Contains(id))} of {seen.Length} bookings answered 201 are missing");

            // 2. Not oversold: the service's own report and the SQL invariant on the shard.
            await AssertConsistentAsync(admin, eventId);
            var row = await db.QuerySingleAsync<(int Capacity, int Available, int Held, int Checkout, int Booked)>(
                """
                SELECT i.total_capacity, i.available_seats, i.held_seats, i.checkout_seats,
                       COALESCE((SELECT SUM(quantity) FROM bookings b WHERE b.event_id = i.event_id AND b.status = 'confirmed'), 0)::int
                FROM event_inventory i WHERE i.event_id = @eventId
                """, new { eventId });
            Assert.True(row.Available >= 0 && row.Booked <= row.Capacity, $"event {eventId} oversold: {row}");
            Assert.Equal(row.Capacity - row.Available - row.Held - row.Checkout, row.Booked);
        }

        // 3. Analytics saw each confirmed booking once: same booking set and same seat total as the shards.
        await Eventually.UntilAsync(async () =>
        {
            foreach (var eventId in events)
            {
                var expected = await ShardBookingsAsync(system, eventId);
                var actual = await AnalyticsBookingsAsync(system, eventId);
                if (!expected.SetEquals(actual.Ids) || actual.Seats != await ShardSeatsAsync(system, eventId))
                {
                    return false;
                }
            }

            return true;
        }, AnalyticsDeadline, "analytics holding exactly the shards' confirmed bookings");
    }

    public static async Task AssertConsistentAsync(HttpClient admin, Guid eventId)
    {
        var (status, report) = await FaultApi.SendAsync(admin, HttpMethod.Get, $"api/v1/admin/consistency?event_id={eventId}");
        Assert.True(status == HttpStatusCode.OK, $"consistency answered {(int)status}: {report}");
        Assert.Equal(0, report!["oversold_events"]!.GetValue<int>());
        var row = report["events"]!.AsArray().Single()!;
        Assert.True(row["consistent"]!.GetValue<bool>() && !row["oversold"]!.GetValue<bool>(), $"consistency: {row}");
    }

    private static async Task<HashSet<Guid>> ShardBookingsAsync(EventlySystem system, Guid eventId)
    {
        await using var db = new NpgsqlConnection(FaultApi.ShardConnectionString(system, eventId));
        return (await db.QueryAsync<Guid>("SELECT id FROM bookings WHERE event_id = @eventId AND status = 'confirmed'", new { eventId })).ToHashSet();
    }

    private static async Task<long> ShardSeatsAsync(EventlySystem system, Guid eventId)
    {
        await using var db = new NpgsqlConnection(FaultApi.ShardConnectionString(system, eventId));
        return await db.ExecuteScalarAsync<long>(
            "SELECT COALESCE(SUM(quantity), 0) FROM bookings WHERE event_id = @eventId AND status = 'confirmed'", new { eventId });
    }

    private static async Task<(HashSet<Guid> Ids, long Seats)> AnalyticsBookingsAsync(EventlySystem system, Guid eventId)
    {
        await using var db = new NpgsqlConnection(system.ConnectionString("analytics-db"));
        var rows = (await db.QueryAsync<(Guid Id, int Quantity)>(
            "SELECT booking_id, quantity FROM analytics_bookings WHERE event_id = @eventId AND confirmed_at IS NOT NULL AND cancelled_at IS NULL",
            new { eventId })).ToList();
        return (rows.Select(r => r.Id).ToHashSet(), rows.Sum(r => (long)r.Quantity));
    }
}
