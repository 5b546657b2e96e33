using Dapper;
using Evently.Data;
using Evently.WaitlistService.Entries;
using Npgsql;

namespace Evently.WaitlistService.Performance;

/// <summary><c>GET /internal/query-performance</c>: the real cost of the live-position query, for analytics.</summary>
public static class QueryPerformanceEndpoint
{
    public static IEndpointRouteBuilder MapQueryPerformance(this IEndpointRouteBuilder app)
    {
        app.MapGet("/internal/query-performance", async (NpgsqlDataSource db, CancellationToken ct) =>
        {
            // The newest waiting entry (the longest count); with none, ids matching nothing still give a real plan.
            await using var connection = await db.OpenConnectionAsync(ct);
            var sample = await connection.QueryFirstOrDefaultAsync<WaitlistEntry>(new CommandDefinition(
                $"SELECT {WaitlistEntry.Columns} FROM waitlist_entries WHERE status = 'waiting' ORDER BY created_at DESC LIMIT 1",
                cancellationToken: ct));
            var parameters = new { EventId = sample?.EventId ?? Guid.Empty, CreatedAt = sample?.CreatedAt ?? DateTime.UtcNow, Id = sample?.Id ?? Guid.Empty };
            var timing = await QueryPerformance.MeasureAsync(db, "waitlist_position", WaitlistQueries.PositionSql, parameters,
                "(created_at, id) <= (", ct);
            return Results.Ok(new Dictionary<string, QueryTiming> { ["waitlist_position"] = timing });
        });
        return app;
    }
}
