namespace Evently.EventsService.Caching;

/// <summary><c>GET /internal/cache-stats</c>: the events cache's hit rate since start (the analytics service reads it).</summary>
public static class CacheStatsEndpoint
{
    public static WebApplication MapCacheStats(this WebApplication app)
    {
        app.MapGet("/internal/cache-stats", (EventsCache cache) =>
        {
            var (hits, misses) = cache.Totals;
            var total = hits + misses;
            return Results.Ok(new { hits, misses, hit_rate = total == 0 ? 0 : Math.Round((double)hits / total, 4) });
        });
        return app;
    }
}
