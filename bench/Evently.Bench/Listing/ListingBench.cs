using System.Globalization;
using Evently.Bench.Booking;
using Evently.Bench.Load;
using Evently.Bench.Profiling;
using Evently.Bench.Report;

namespace Evently.Bench.Listing;

/// <summary>
/// <c>GET /api/v1/events</c> through the gateway: cache hits (the same page again and again) against misses (a new
/// <c>from</c> each request, the same rows, so every request is a new cache key and reads the database), then the
/// cached listing on the connection ladder.
/// </summary>
public static class ListingBench
{
    private static long _missCounter;

    public static async Task<IReadOnlyList<Measurement>> RunAsync(SuiteContext context, SuiteOptions options)
    {
        var (_, cachedFlag) = await context.FetchAsync(SuiteContext.ListingPath);
        var (_, secondFlag) = await context.FetchAsync(SuiteContext.ListingPath);
        Console.WriteLine($"listing: first answer cached={cachedFlag}, second cached={secondFlag}");
        var (missBody, _) = await context.FetchAsync(MissPath());
        var missPage = System.Text.Json.Nodes.JsonNode.Parse(missBody);
        Console.WriteLine($"listing miss: total={missPage?["total"]}, total_estimated={missPage?["total_estimated"]}");

        var results = new List<Measurement>
        {
            await MeasureAsync(context, options, "cache hit", options.RatioConnections, _ => SuiteContext.ListingPath),
            await MeasureAsync(context, options, "cache miss", options.RatioConnections, _ => MissPath()),
        };
        foreach (var level in options.Levels)
        {
            results.Add(await MeasureAsync(context, options, "ladder (cached)", level, _ => SuiteContext.ListingPath));
        }

        if (options.Profile)
        {
            var file = await ProfiledRun.RunAsync(context.System,
                () => LoadGenerator.RunAsync(context.System.GatewayUrl, options.LoadFor(options.RatioConnections),
                    w => new HttpRequestMessage(HttpMethod.Get, MissPath()), Classify.Plain),
                ["gateway", "events"], options.Warmup, options.Duration,
                load => string.Create(CultureInfo.InvariantCulture, $"listing miss at {options.RatioConnections} connections ({load.Requests / load.DurationSeconds:N0} req/s, p50 {load.P50Ms:0.#} ms while profiled)"),
                Path.Combine(BookingReport.ResultsDirectory(), "profile-listing-miss.md"));
            Console.WriteLine($"CPU profile in {file}");
        }

        return results;
    }

    /// <summary>A listing whose cache key was never seen: <c>from</c> one second later each time, far in the past.</summary>
    private static string MissPath()
    {
        var from = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(Interlocked.Increment(ref _missCounter));
        return $"{SuiteContext.ListingPath}&from={from.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}";
    }

    private static async Task<Measurement> MeasureAsync(SuiteContext context, SuiteOptions options, string name, int connections, Func<int, string> path)
    {
        (double? LagMs, string ReadsFrom) measured;
        LoadResult load;
        await using (var lag = ReplicaLagProbe.Start(context.Admin))
        {
            load = await LoadGenerator.RunAsync(context.System.GatewayUrl, options.LoadFor(connections),
                w => new HttpRequestMessage(HttpMethod.Get, path(w)), Classify.Plain);
            measured = (lag.MaxMs, lag.ReadsFrom);
        }

        var m = new Measurement("listing", name, load) { ReplicaLagMaxMs = measured.LagMs, ReadsFrom = measured.ReadsFrom };
        Console.WriteLine(ReportWriter.Line(m));
        return m;
    }
}
