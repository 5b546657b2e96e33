using System.Text.Json.Nodes;
using Evently.AnalyticsService.Metrics;
using Evently.AnalyticsService.Reports;

namespace Evently.AnalyticsService.LoadTests;

/// <summary>The seed's load-test answer: <c>{test_id, status, concurrent_users, ..., metrics: {avg_response_time, ...}}</c>.</summary>
public static class LoadTestReport
{
    public sealed record View(string TestId, string Status, int ConcurrentUsers, int Duration, string TargetEndpoint,
        DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, Guid? LoadTestEventId, JsonNode? Metrics, string? Error);

    public static View From(LoadTestRun run) => new(run.Id, run.Status, run.Request.ConcurrentUsers, run.Request.DurationSeconds,
        run.Request.Target.Path, run.StartedAt, run.FinishedAt, run.EventId, Metrics(run), run.Error);

    /// <summary>Figures so far (while running) or final; every one measured by the workers or read from the services.</summary>
    public static JsonNode Metrics(LoadTestRun run)
    {
        var f = run.Stats.Read();
        var elapsed = run.ElapsedSeconds;
        var cache = CacheDelta(run.MetricsBefore, run.MetricsAfter);
        var successRatio = Formatting.Ratio(f.Succeeded, f.Total);
        var metrics = new JsonObject
        {
            ["avg_response_time"] = Formatting.Ms(Math.Round(f.Latency.MeanMs, 1)),
            ["p50"] = Formatting.Ms(f.Latency.Percentile(0.50)),
            ["p95"] = Formatting.Ms(f.Latency.Percentile(0.95)),
            ["p99"] = Formatting.Ms(f.Latency.Percentile(0.99)),
            ["success_rate"] = Formatting.Percent(successRatio),
            ["requests_per_second"] = elapsed <= 0 ? 0 : Math.Round(f.Total / elapsed, 1),
            ["cache_hit_rate"] = cache is { } c && c.Hits + c.Misses > 0 ? Formatting.Percent(Formatting.Ratio(c.Hits, c.Hits + c.Misses)) : null,
            ["oversold"] = run.Consistency?.OversoldEvents,
            ["total_requests"] = f.Total,
            ["errors"] = f.Errors,
            ["details"] = new JsonObject
            {
                ["avg_ms"] = Math.Round(f.Latency.MeanMs, 3),
                ["p50_ms"] = f.Latency.Percentile(0.50),
                ["p95_ms"] = f.Latency.Percentile(0.95),
                ["p99_ms"] = f.Latency.Percentile(0.99),
                ["success_ratio"] = Math.Round(successRatio, 5),
                ["succeeded"] = f.Succeeded,
                ["sold_out"] = f.SoldOut,
                ["rate_limited"] = f.RateLimited,
                ["server_errors"] = f.ServerErrors,
                ["timeouts"] = f.Timeouts,
                ["transport_errors"] = f.TransportErrors,
                ["status_codes"] = new JsonObject(f.StatusCodes.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                    .Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
                ["elapsed_seconds"] = Math.Round(elapsed, 3),
                ["load_test_users"] = run.Users,
                ["seats_booked"] = run.Request.Target.IsBooking ? f.SeatsBooked : null,
                ["cache_hits"] = cache?.Hits,
                ["cache_misses"] = cache?.Misses,
                ["oversold_events"] = run.Consistency?.OversoldEvents,
                ["mismatched_events"] = run.Consistency?.MismatchedEvents,
                ["load_test_event"] = run.Consistency?.LoadTestEvent?.DeepClone(),
            },
        };
        return metrics;
    }

    private sealed record CacheFigures(long Hits, long Misses);

    /// <summary>Cache lookups the services counted between the two snapshots (a process that restarted in between is left out).</summary>
    private static CacheFigures? CacheDelta(IReadOnlyList<MetricsFanOut.ServiceSnapshot>? before, IReadOnlyList<MetricsFanOut.ServiceSnapshot>? after)
    {
        if (before is null || after is null)
        {
            return null;
        }

        long hits = 0, misses = 0;
        foreach (var now in after.Where(s => s.Snapshot is not null))
        {
            var then = before.FirstOrDefault(b => b.Service == now.Service)?.Snapshot;
            if (then is null || then.ProcessId != now.Snapshot!.ProcessId)
            {
                continue;
            }

            hits += Delta(then.CounterTotals, now.Snapshot.CounterTotals, SystemMetricsReport.CacheCounter + "{result=hit}");
            misses += Delta(then.CounterTotals, now.Snapshot.CounterTotals, SystemMetricsReport.CacheCounter + "{result=miss}");
        }

        return new CacheFigures(hits, misses);
    }

    private static long Delta(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after, string key) =>
        Math.Max(0, after.GetValueOrDefault(key) - before.GetValueOrDefault(key));
}
