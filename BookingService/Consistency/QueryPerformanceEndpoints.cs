using Dapper;
using Evently.BookingService.Bookings;
using Evently.BookingService.Sharding;
using Evently.Data;

namespace Evently.BookingService.Consistency;

/// <summary>
/// <c>GET /internal/query-performance</c> for analytics: the real user- and event-bookings queries, measured on a
/// shard that has bookings (plan indexes from EXPLAIN ANALYZE, mean time from pg_stat_statements when recorded).
/// </summary>
public static class QueryPerformanceEndpoints
{
    public sealed record Response(QueryTiming UserBookings, QueryTiming EventBookings);

    public static IEndpointRouteBuilder MapQueryPerformanceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/internal/query-performance", MeasureAsync);
        return app;
    }

    private static async Task<IResult> MeasureAsync(ShardMap shards, CancellationToken ct)
    {
        foreach (var shard in shards.Shards)
        {
            (Guid UserId, Guid EventId)? sample;
            try
            {
                await using var connection = await shard.DataSource.OpenConnectionAsync(ct);
                sample = await connection.QueryFirstOrDefaultAsync<(Guid, Guid)?>(new CommandDefinition(
                    "SELECT user_id, event_id FROM bookings ORDER BY created_at DESC LIMIT 1", cancellationToken: ct));
            }
            catch (Npgsql.NpgsqlException)
            {
                continue; // a shard that is down cannot be measured; try the next
            }

            if (sample is not { } s)
            {
                continue;
            }

            var user = await QueryPerformance.MeasureAsync(shard.DataSource, "user_bookings", BookingQueries.UserBookingsSql,
                new { userId = s.UserId, take = 20 }, "FROM bookings WHERE user_id", ct);
            var evt = await QueryPerformance.MeasureAsync(shard.DataSource, "event_bookings", BookingQueries.EventBookingsSql,
                new { eventId = s.EventId, take = 20 }, "FROM bookings WHERE event_id", ct);
            return Results.Ok(new Response(user, evt));
        }

        // No bookings anywhere yet: measure on the first shard with ids that match nothing (the plans are still real).
        var first = shards.Shards[0].DataSource;
        return Results.Ok(new Response(
            await QueryPerformance.MeasureAsync(first, "user_bookings", BookingQueries.UserBookingsSql, new { userId = Guid.Empty, take = 20 },
                "FROM bookings WHERE user_id", ct),
            await QueryPerformance.MeasureAsync(first, "event_bookings", BookingQueries.EventBookingsSql, new { eventId = Guid.Empty, take = 20 },
                "FROM bookings WHERE event_id", ct)));
    }
}
