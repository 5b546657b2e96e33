using Evently.Client.Api.V1.LoadTest.Start;
using Evently.Client.Models;

namespace Evently.Demo.Steps;

/// <summary>
/// The seed's load-testing demo through the analytics service's load-test API: it runs a bounded load against the
/// gateway itself; the demo starts it, waits for its end and prints its figures.
/// </summary>
public static class LoadTests
{
    public static async Task<string> RunAsync(DemoState state, int users, int seconds, string target)
    {
        var loadTest = state.Admin.Api.V1.LoadTest;
        var started = await loadTest.Start.PostAsync(new StartPostRequestBody { ConcurrentUsers = users, Duration = seconds, TargetEndpoint = target });
        StepFailedException.Unless(started?.TestId is { Length: > 0 }, "the load test started without an id");
        // Its users sign up first, then it runs for its duration, then it counts and checks: give all that time.
        var finished = await Poll.UntilAsync(() => loadTest[started!.TestId!].GetAsync(), v => v?.Status != "running",
            TimeSpan.FromSeconds(seconds + 180), $"load test {started!.TestId} finishing");
        StepFailedException.Unless(finished?.Status == "completed", $"load test {started.TestId} ended {finished?.Status}: {finished?.Error}");
        return Figures(finished!, target);
    }

    private static string Figures(LoadTestReportView view, string target)
    {
        var m = view.Metrics;
        var booking = target.EndsWith("/bookings", StringComparison.Ordinal);
        if (booking)
        {
            // Bookings on the load test's own event: every one of them checked afterwards, nothing may be oversold.
            StepFailedException.Unless(Untyped.Number(m, "oversold") == 0,
                $"load test {view.TestId}: oversold {Untyped.Text(m, "oversold")}");
            StepFailedException.Unless(Untyped.Number(m, "details", "mismatched_events") is null or 0,
                $"load test {view.TestId}: {Untyped.Text(m, "details", "mismatched_events")} events inconsistent");
        }

        return $"{view.ConcurrentUsers} users, {view.Duration} s on {target}: {Untyped.Text(m, "total_requests")} requests, " +
            $"{Untyped.Text(m, "requests_per_second")} req/s, avg {Untyped.Text(m, "avg_response_time")}, p50 {Untyped.Text(m, "p50")}, " +
            $"p99 {Untyped.Text(m, "p99")}, success {Untyped.Text(m, "success_rate")} " +
            $"(rate-limited {Untyped.Text(m, "details", "rate_limited")}, timeouts {Untyped.Text(m, "details", "timeouts")})" +
            (booking
                ? $", {Untyped.Text(m, "details", "seats_booked")} seats booked, oversold {Untyped.Text(m, "oversold")}"
                : $", cache hit rate {Untyped.Text(m, "cache_hit_rate")}") +
            $" ({view.TestId})";
    }
}
