using Evently.Data;
using Evently.EventsService.Events;
using Npgsql;

namespace Evently.EventsService.Performance;

/// <summary><c>GET /internal/query-performance</c>: the real cost of the listing query, for the analytics service.</summary>
public static class QueryPerformanceEndpoint
{
    public static WebApplication MapQueryPerformance(this WebApplication app)
    {
        app.MapGet("/internal/query-performance", async (NpgsqlDataSource db, CancellationToken ct) =>
        {
            // The default listing: upcoming scheduled events, first page (served by idx_events_date).
            var (pageSql, _, parameters) = ListEvents.BuildQueries(new ListEvents.Filter(null, null, null, 1, ListEvents.DefaultPageSize));
            var timing = await QueryPerformance.MeasureAsync(db, "events_by_date", pageSql, parameters,
                "ORDER BY starts_at, id LIMIT", ct);
            return Results.Ok(new Dictionary<string, QueryTiming> { ["events_by_date"] = timing });
        });
        return app;
    }
}
