using Evently.Bench.Load;
using Evently.Bench.Report;

namespace Evently.Bench.Gateway;

/// <summary>
/// Gateway overhead: the cached listing straight from the events service, the same through the gateway, and a bare
/// Kestrel endpoint serving the same bytes as the ceiling, at the overhead level and at 1,000 connections (the target
/// compares the gateway with the ceiling there).
/// </summary>
public static class GatewayBench
{
    public static async Task<IReadOnlyList<Measurement>> RunAsync(SuiteContext context, SuiteOptions options)
    {
        var (body, _) = await context.FetchAsync(SuiteContext.ListingPath);
        await using var bare = await BareKestrel.StartAsync(body);
        using (var warm = new HttpClient { BaseAddress = bare.Url })
        {
            // First request pays for JIT and the listener; keep it out of the ceiling's warm-up window.
            (await warm.GetAsync(SuiteContext.ListingPath)).Dispose();
        }

        var results = new List<Measurement>();
        foreach (var connections in new[] { options.OverheadConnections, 1_000 }.Distinct())
        {
            results.Add(await MeasureAsync(options, "bare Kestrel ceiling", bare.Url, connections));
            results.Add(await MeasureAsync(options, "events service direct", context.System.ServiceUrl("events"), connections));
            results.Add(await MeasureAsync(options, "through the gateway", context.System.GatewayUrl, connections));
        }

        return results;
    }

    private static async Task<Measurement> MeasureAsync(SuiteOptions options, string name, Uri baseAddress, int connections)
    {
        var load = await LoadGenerator.RunAsync(baseAddress, options.LoadFor(connections),
            _ => new HttpRequestMessage(HttpMethod.Get, SuiteContext.ListingPath), Classify.Plain);
        var m = new Measurement("gateway", name, load);
        Console.WriteLine(ReportWriter.Line(m));
        return m;
    }
}
