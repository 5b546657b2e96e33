using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using Evently.Bench.Booking;
using Evently.Bench.Gateway;
using Evently.Bench.Listing;
using Evently.Bench.Mixed;
using Evently.Bench.WaitingRoom;
using Npgsql;

namespace Evently.Bench.Report;

/// <summary>
/// <c>./evently bench [listing|gateway|mixed|booking ...] [options]</c>: no scenario means all of them. Listing, gateway
/// and mixed share one booted system; booking boots its own (its strategies restart the booking service). Ends by
/// writing <c>bench/results/REPORT.md</c>.
/// </summary>
public static class BenchSuite
{
    public static readonly string[] Scenarios = ["listing", "gateway", "mixed", "booking", "waiting-room"];

    public static async Task<int> RunAsync(string[] args)
    {
        var chosen = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        if (chosen.Count == 0 || chosen.Contains("all"))
        {
            chosen = [.. Scenarios];
        }

        if (chosen.FirstOrDefault(s => !Scenarios.Contains(s)) is { } unknown)
        {
            Console.Error.WriteLine($"unknown scenario '{unknown}' (known: {string.Join(", ", Scenarios)})");
            return 2;
        }

        var optionArgs = args.SkipWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var options = SuiteOptions.Parse(optionArgs);
        var total = Stopwatch.StartNew();
        var exit = 0;
        string? postgres = null;
        if (chosen.Any(s => s is not ("booking" or "waiting-room")))
        {
            Console.WriteLine($"bench {string.Join(", ", chosen)}: levels {string.Join(",", options.Levels)}, {options.Warmup.TotalSeconds}s warm-up + {options.Duration.TotalSeconds}s each");
            await using var context = await SuiteContext.StartAsync(options);
            Console.WriteLine($"system up and seeded in {total.Elapsed.TotalSeconds:0} s at {context.System.GatewayUrl}");
            await using (var db = new NpgsqlConnection(context.System.ConnectionString("events-db")))
            {
                postgres = await db.ExecuteScalarAsync<string>("SHOW server_version");
            }

            var all = new List<Measurement>();
            if (chosen.Contains("listing"))
            {
                var runs = await ListingBench.RunAsync(context, options);
                all.AddRange(runs);
                await ReportWriter.WriteScenarioAsync("listing", ListingMarkdown(runs, options), new { options, runs });
            }

            if (chosen.Contains("gateway"))
            {
                var runs = await GatewayBench.RunAsync(context, options);
                all.AddRange(runs);
                await ReportWriter.WriteScenarioAsync("gateway", Section("Gateway overhead (cached listing)",
                    "The same `GET /api/v1/events?page_size=20` from a bare Kestrel endpoint in the bench process (same bytes; the ceiling), straight from the events service, and through the gateway.",
                    runs), new { options, runs });
            }

            if (chosen.Contains("mixed"))
            {
                var runs = await MixedBench.RunAsync(context, options);
                all.AddRange(runs);
                if (runs.Any(r => r.SeatsOversold > 0))
                {
                    exit = 1;
                }

                await ReportWriter.WriteScenarioAsync("mixed", Section("Mixed workload ladder",
                    "Per request: 80 % browse (listing or one event), 15 % book one seat (10 fresh events of 2,000 seats per level), 5 % cancel one of the connection's own bookings. Sold-out 409s count as success.",
                    runs, oversold: true), new { options, runs });
            }

            Directory.CreateDirectory(BookingReport.ResultsDirectory());
            await File.WriteAllTextAsync(Path.Combine(BookingReport.ResultsDirectory(), "targets.md"), Targets(all));
        }

        if (chosen.Contains("booking"))
        {
            exit |= await BookingBench.RunAsync(optionArgs);
        }

        if (chosen.Contains("waiting-room"))
        {
            exit |= await WaitingRoomBench.RunAsync(optionArgs);
        }

        var report = await ReportWriter.WriteReportAsync(options, postgres);
        Console.WriteLine();
        Console.WriteLine(report);
        Console.WriteLine($"whole bench {total.Elapsed.TotalMinutes:0.0} min; report in {Path.Combine(BookingReport.ResultsDirectory(), "REPORT.md")}");
        return exit;
    }

    private static string ListingMarkdown(IReadOnlyList<Measurement> runs, SuiteOptions options)
    {
        var hit = runs.First(r => r.Name == "cache hit");
        var miss = runs.First(r => r.Name == "cache miss");
        var ratio = hit.Load.P50Ms > 0 ? miss.Load.P50Ms / hit.Load.P50Ms : 0;
        return Section("Listing: cached vs uncached through the gateway",
            string.Create(CultureInfo.InvariantCulture,
                $"A catalogue of {options.Catalogue:N0} scheduled events. Hit: the same page of 20 again and again. " +
                $"Miss: a new `from` each request (same rows, new cache key, so the page and its total are read from PostgreSQL). " +
                $"**Median miss/hit latency ratio: {ratio:0.0}×** ({miss.Load.P50Ms:0.#} ms vs {hit.Load.P50Ms:0.#} ms at {hit.Load.Connections} connections); " +
                $"throughput {hit.PerSecond:N0} vs {miss.PerSecond:N0} req/s."),
            runs);
    }

    private static string Section(string title, string intro, IEnumerable<Measurement> runs, bool oversold = false)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"## {title}");
        sb.AppendLine();
        sb.AppendLine(intro);
        sb.AppendLine();
        sb.AppendLine(ReportWriter.Table(runs, oversold));
        return sb.ToString();
    }

    /// <summary>The issue's targets, checked against this run's numbers (n/a when the run did not include them).</summary>
    private static string Targets(IReadOnlyList<Measurement> all)
    {
        Measurement? Find(string scenario, string name, int connections) =>
            all.FirstOrDefault(m => m.Scenario == scenario && m.Name == name && m.Load.Connections == connections);
        string Verdict(bool? ok) => ok switch { true => "met", false => "**not met**", null => "n/a (not run)" };

        var sb = new StringBuilder("## Targets (2-core machine)\n\n| target | measured | verdict |\n| --- | --- | --- |\n");
        var hit = all.FirstOrDefault(m => m.Name == "cache hit");
        var miss = all.FirstOrDefault(m => m.Name == "cache miss");
        double? ratio = hit is not null && miss is not null && hit.Load.P50Ms > 0 ? miss.Load.P50Ms / hit.Load.P50Ms : null;
        sb.AppendLine(CultureInfo.InvariantCulture, $"| cache hit ≥ 10× faster than a miss (median) | {(ratio is { } r ? $"{r:0.0}×" : "n/a")} | {Verdict(ratio is null ? null : ratio >= 10)} |");
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"| listing miss ≤ 20 ms median at {miss?.Load.Connections.ToString(CultureInfo.InvariantCulture) ?? "16"} connections (target set for a 100,000-event catalogue, `--catalogue`) | {(miss is null ? "n/a" : $"{miss.Load.P50Ms:0.#} ms")} | {Verdict(miss is null ? null : miss.Load.P50Ms <= 20)} |");

        var bare = Find("gateway", "bare Kestrel ceiling", 1_000);
        var gateway = Find("gateway", "through the gateway", 1_000) ?? Find("listing", "ladder (cached)", 1_000);
        double? share = bare is not null && gateway is not null && bare.PerSecond > 0 ? gateway.PerSecond / bare.PerSecond : null;
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"| cached listing via gateway at 1,000 connections ≥ 50 % of bare Kestrel | {(share is { } s ? $"{100 * s:0} % ({gateway!.PerSecond:N0} vs {bare!.PerSecond:N0} req/s)" : "n/a")} | {Verdict(share is null ? null : share >= 0.5)} |");

        foreach (var m in all.Where(m => m.Load.Connections == 10_000 && m.Scenario is "listing" or "mixed"))
        {
            var ok = m.SuccessRate >= 0.999 && (m.SeatsOversold ?? 0) == 0;
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {m.Scenario} at 10,000 connections: success ≥ 99.9 %, 0 oversold | {100 * m.SuccessRate:0.###} %, oversold {m.SeatsOversold ?? 0} | {Verdict(ok)} |");
        }

        return sb.ToString();
    }
}
