namespace Evently.Demo.Steps;

/// <summary>What an admin watches: analytics with the seed's query timings, and the live system metrics.</summary>
public static class Operations
{
    /// <summary>The seed's four indexed queries, timed on the services' own databases.</summary>
    private static readonly string[] Queries = ["events_by_date", "user_bookings", "event_bookings", "waitlist_position"];

    public static async Task<string> AnalyticsAsync(DemoState state)
    {
        var report = await state.Admin.Api.V1.Analytics.GetAsync();
        var timings = report?.QueryPerformance?.AdditionalData;
        var missing = Queries.Where(q => Untyped.Get(timings, q) is null).ToList();
        StepFailedException.Unless(missing.Count == 0, $"query_performance lacks {string.Join(", ", missing)}");
        var failed = Queries.Where(q => Untyped.Text(timings, "details", q, "status") is not ("ok" or "-")).ToList();
        StepFailedException.Unless(failed.Count == 0,
            $"query timings failed: {string.Join(", ", failed.Select(q => $"{q} ({Untyped.Text(timings, "details", q, "error")})"))}");
        return string.Join(", ", Queries.Select(q => $"{q} {Untyped.Text(timings, q)}")) +
            $"; {report!.Totals?.Bookings} bookings, {report.Totals?.SeatsSold} seats sold over {report.EventsTotal} events";
    }

    public static async Task<string> LiveMetricsAsync(DemoState state)
    {
        var metrics = (await state.Admin.Api.V1.Tracing.Metrics.GetAsync())?.AdditionalData;
        StepFailedException.Unless(Untyped.Get(metrics, "system_performance") is not null && Untyped.Get(metrics, "request_metrics") is not null,
            "the answer lacks system_performance or request_metrics");
        string Show(params string[] path) => Untyped.Text(metrics, path);
        return $"active connections {Show("system_performance", "active_connections")}, " +
            $"database pool {Show("system_performance", "database_pool_usage")}, cache {Show("system_performance", "cache_memory_usage")}, " +
            $"average query {Show("system_performance", "average_query_time")}; " +
            $"{Show("request_metrics", "total_requests_last_hour")} requests in the last hour, error rate {Show("request_metrics", "error_rate")}, " +
            $"rate-limit hits {Show("request_metrics", "rate_limit_hits")}";
    }
}
