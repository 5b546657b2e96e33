using Evently.AnalyticsService.Reports;
using Evently.LiveMetrics;

namespace Evently.AnalyticsService.Metrics;

/// <summary>
/// Adds the services' snapshots up into the seed's <c>system_performance</c> / <c>request_metrics</c> shape.
/// Request figures are the gateway's (the public door: counting the services too would count each call twice);
/// without a gateway answer they are the services' own sum, and <c>source</c> says which.
/// </summary>
public static class SystemMetricsReport
{
    public const string RateLimitCounter = "evently.gateway.rate_limit_hits";
    public const string CacheCounter = "evently.cache.requests";

    public static object Build(IReadOnlyList<MetricsFanOut.ServiceSnapshot> snapshots, DateTimeOffset now)
    {
        // Keyed by the name analytics asked for, whatever the process calls itself.
        var answered = snapshots.Where(s => s.Snapshot is not null).Select(s => s.Snapshot! with { Service = s.Service }).ToList();
        var gateway = answered.FirstOrDefault(s => s.Service == "gateway");
        var requestSources = gateway is null ? answered : [gateway];

        var latency = new LatencyHistogram();
        long total = 0, serverErrors = 0, clientErrors = 0, tooMany = 0, lastMinute = 0;
        double window = 0;
        var regions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var s in requestSources)
        {
            latency.Add(s.LatencyCounts, s.LatencySumMs);
            total += s.Requests.Total;
            serverErrors += s.Requests.ServerErrors;
            clientErrors += s.Requests.ClientErrors;
            tooMany += s.Requests.RateLimited;
            lastMinute += s.Requests.LastMinute;
            window = Math.Max(window, s.WindowSeconds);
            foreach (var (region, count) in s.Regions)
            {
                regions[region] = regions.GetValueOrDefault(region) + count;
            }
        }

        var rateLimitCounted = answered.Any(s => s.Counters.ContainsKey(RateLimitCounter));
        var rateLimitHits = rateLimitCounted ? Sum(answered, RateLimitCounter) : tooMany;
        var cacheHits = Sum(answered, CacheCounter + "{result=hit}");
        var cacheMisses = Sum(answered, CacheCounter + "{result=miss}");
        var rps = lastMinute / Math.Clamp(window, 1, 60);

        var pools = answered.ToDictionary(s => s.Service, s => new
        {
            Used = s.DatabasePools.Sum(p => p.Used),
            Idle = s.DatabasePools.Sum(p => p.Idle),
            Max = s.DatabasePools.Sum(p => p.Max),
            Usage = Formatting.Percent(Formatting.Ratio(s.DatabasePools.Sum(p => p.Used), s.DatabasePools.Sum(p => p.Max))),
            Pools = s.DatabasePools,
        });
        long poolUsed = answered.Sum(s => s.DatabasePools.Sum(p => p.Used)), poolMax = answered.Sum(s => s.DatabasePools.Sum(p => p.Max));
        long dbOps = answered.Sum(s => s.DatabaseOperations.Count);
        var dbMs = answered.Sum(s => s.DatabaseOperations.SumMs);
        var avgQueryMs = dbOps == 0 ? 0 : dbMs / dbOps;
        // Every service talks to the same Redis: its used_memory is one figure, whoever read it last.
        var cacheMemory = answered.Where(s => s.CacheMemoryBytes is not null).OrderByDescending(s => s.TakenAt).FirstOrDefault()?.CacheMemoryBytes;
        var activeConnections = answered.Sum(s => s.ActiveConnections);
        // Read replicas (the events service's standby): the worst lag any reader sees, and where reads go.
        var replicas = answered.SelectMany(s => (s.Replicas ?? []).Select(r => (s.Service, Figures: r))).ToList();
        var replicaLag = replicas.Max(r => r.Figures.LagMs);
        var readsFrom = replicas.Select(r => r.Figures.ReadsFrom).Distinct(StringComparer.Ordinal).ToList() switch
        {
            [] => null,
            [var only] => only,
            _ => "mixed",
        };

        return new
        {
            GeneratedAt = now,
            SystemPerformance = new
            {
                ActiveConnections = activeConnections,
                DatabasePoolUsage = Formatting.Percent(Formatting.Ratio(poolUsed, poolMax)),
                CacheMemoryUsage = cacheMemory is { } bytes ? Formatting.Bytes(bytes) : "unavailable",
                AverageQueryTime = Formatting.Ms(Math.Round(avgQueryMs, 3)),
                ReplicaLagMs = replicaLag,
                ReplicaReadsFrom = readsFrom,
                Details = new
                {
                    ActiveConnectionsByService = answered.ToDictionary(s => s.Service, s => s.ActiveConnections),
                    ActiveRequests = answered.Sum(s => s.ActiveRequests),
                    DatabasePools = pools,
                    DatabasePoolInUse = poolUsed,
                    DatabasePoolMax = poolMax,
                    CacheMemoryBytes = cacheMemory,
                    AverageQueryTimeMs = Math.Round(avgQueryMs, 3),
                    DatabaseOperationsLastHour = dbOps,
                    Replicas = replicas.Select(r => new
                    {
                        r.Service,
                        Replica = r.Figures.Name,
                        r.Figures.ReadsFrom,
                        r.Figures.Reason,
                        r.Figures.State,
                        r.Figures.LagMs,
                        r.Figures.LagBytes,
                        r.Figures.MaxLagMs,
                        r.Figures.Error,
                    }).ToList(),
                },
            },
            RequestMetrics = new
            {
                TotalRequestsLastHour = total,
                RequestsPerSecond = Math.Round(rps, 2),
                ErrorRate = Formatting.Percent(Formatting.Ratio(serverErrors, total)),
                P95ResponseTime = Formatting.Ms(latency.Percentile(0.95)),
                RateLimitHits = rateLimitHits,
                CacheHitRate = Formatting.Percent(Formatting.Ratio(cacheHits, cacheHits + cacheMisses)),
                GeographicDistribution = regions.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal)
                    .ToDictionary(r => r.Key, r => Formatting.Percent(Formatting.Ratio(r.Value, total))),
                Details = new
                {
                    Source = gateway is null ? "services" : "gateway",
                    ServerErrors = serverErrors,
                    ClientErrors = clientErrors,
                    TooManyRequests = tooMany,
                    P50Ms = latency.Percentile(0.50),
                    P95Ms = latency.Percentile(0.95),
                    P99Ms = latency.Percentile(0.99),
                    MeanMs = Math.Round(latency.MeanMs, 3),
                    RequestsLastMinute = lastMinute,
                    CacheHits = cacheHits,
                    CacheMisses = cacheMisses,
                    Regions = regions,
                },
            },
            Services = snapshots.ToDictionary(s => s.Service, s => new
            {
                Status = s.Snapshot is null ? "unavailable" : "ok",
                s.Error,
                RequestsLastHour = s.Snapshot?.Requests.Total,
                ActiveConnections = s.Snapshot?.ActiveConnections,
                ActiveRequests = s.Snapshot?.ActiveRequests,
            }),
        };
    }

    private static long Sum(IEnumerable<LiveMetricsSnapshot> snapshots, string key) =>
        snapshots.Sum(s => s.Counters.GetValueOrDefault(key));
}
