using System.Globalization;
using System.Text;
using Evently.Bench.Load;

namespace Evently.Bench.Booking;

/// <summary>The Markdown table the booking bench prints and keeps in <c>bench/results/booking.md</c>.</summary>
public static class BookingReport
{
    private const string Header =
        "| strategy | connections | bookings/s | × pgbench | p50 ms | p95 ms | p99 ms | sold-out 409 | lock 409 | 429 | shed 503 | 5xx | timeouts | other | oversold | consistent | messages caught up | loadgen CPU | seat count lag p50/p99/max ms |\n" +
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |";

    public static string Row(BookingBench.Run run, PgBench.Result pg)
    {
        var l = run.Load;
        var perSecond = l.PerSecond("booked");
        var other = l.Outcomes.Where(kv => kv.Key.StartsWith("other_", StringComparison.Ordinal) || kv.Key == "connection_error").Sum(kv => kv.Value);
        var caughtUp = run.MessagesCaughtUpSeconds is { } s ? s.ToString("0.# s", CultureInfo.InvariantCulture) : "no";
        var lag = run.LiveCountLag is { } g ? string.Create(CultureInfo.InvariantCulture, $"{g.P50Ms:0}/{g.P99Ms:0}/{g.MaxMs:0}") : "n/a";
        return string.Create(CultureInfo.InvariantCulture,
            $"| {run.Strategy} | {l.Connections:N0} | {perSecond:N0} | {perSecond / pg.Tps:0.00} | {l.P50Ms:0.#} | {l.P95Ms:0.#} | {l.P99Ms:0.#} | " +
            $"{l.Count("sold_out_409")} | {l.Count("lock_409")} | {l.Count("rate_limited_429")} | {l.Count("shed_503")} | {l.Count("server_5xx")} | {l.Count("timeout")} | {other} | " +
            $"{run.Oversold} | {(run.Consistent ? "yes" : "NO")} | {caughtUp} | {l.LoadGeneratorCpuPercent:0}% ({l.LoadGeneratorCores:0.00} cores) | {lag} |");
    }

    public static string Markdown(IReadOnlyList<BookingBench.Run> runs, PgBench.Result pg, BookingBenchOptions options)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"# Booking benchmark ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores)");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"Whole system through the gateway ({options.BookingReplicas} booking replica(s), {options.Gateways} gateway(s); rate limits off, {BenchSystem.Telemetry}), one hot event per row, 1 seat per request, {options.Users} distinct users, " +
            $"{options.Warmup.TotalSeconds:0} s warm-up then {options.Duration.TotalSeconds:0} s measured. Load generator on the same machine. " +
            $"*Messages caught up*: time from the end of the load until every confirmed booking was relayed and applied (the events database holds the seats left, analytics counts the tickets sold, no BookingsConfirmed queue has a message waiting; one message per commit and event); " +
            $"*seat count lag*: every 100 ms of the measured run, the event's detail through the gateway vs its inventory row on the shard; a detail showing d seats is stale by the time since the shard first went below d. " +
            $"The message broker and the background services (analytics, webhooks) run at a lower CPU priority, so during a burst the request path gets the cores first and their work catches up once it passes. " +
            $"*{HoldFlow.Name}*: a buyer's checkout (`POST /holds` then `POST /holds/{{id}}/confirm`, timed as one operation; bookings/s counts confirmed checkouts) on its own hot event. " +
            $"*p50/p95/p99*: latency of accepted requests (201, sold-out 409); *shed 503*: refused by load shedding (the shard at its bound, see the README); " +
            $"{(options.ShedBackOff ? "a refused client waits its Retry-After (plus up to half again) before its next request" : "a refused client sends its next request at once")}.");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"PostgreSQL's own hot-row ceiling on a booking shard (pgbench, {pg.Clients} clients, UPDATE … WHERE available >= 1 + INSERT per transaction): **{pg.Tps:N0} tps** (avg latency {pg.LatencyAverageMs:0.#} ms).");
        sb.AppendLine();
        sb.AppendLine(Header);
        foreach (var run in runs)
        {
            sb.AppendLine(Row(run, pg));
        }

        sb.AppendLine();
        sb.AppendLine(CatchUpStages(runs));
        sb.AppendLine(Targets(runs, pg));
        return sb.ToString();
    }

    /// <summary>Seconds after the load at which each stage of the messages' catch-up was done, per run: where it waits.</summary>
    public static string CatchUpStages(IReadOnlyList<BookingBench.Run> runs)
    {
        var stages = runs.SelectMany(r => r.CatchUpStages?.Keys ?? []).Distinct().ToList();
        if (stages.Count == 0)
        {
            return "";
        }

        var sb = new StringBuilder("### Messages caught up, by stage (s after the load)\n\n");
        sb.AppendLine($"| strategy | connections | {string.Join(" | ", stages)} |");
        sb.AppendLine($"| --- | ---: |{string.Concat(stages.Select(_ => " ---: |"))}");
        foreach (var run in runs)
        {
            var cells = stages.Select(s => run.CatchUpStages?.GetValueOrDefault(s) is { } t ? t.ToString("0.#", CultureInfo.InvariantCulture) : "no");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {run.Strategy} | {run.Load.Connections:N0} | {string.Join(" | ", cells)} |");
        }

        return sb.ToString();
    }

    /// <summary>The booking issue's targets, checked against this run (n/a for a level or strategy not run).</summary>
    private static string Targets(IReadOnlyList<BookingBench.Run> runs, PgBench.Result pg)
    {
        static string Verdict(bool? ok) => ok switch { true => "met", false => "**not met**", null => "n/a (not run)" };
        var sb = new StringBuilder("### Booking targets (2-core machine)\n\n| target | measured | verdict |\n| --- | --- | --- |\n");
        var atomic = runs.FirstOrDefault(r => r.Strategy == "atomic" && r.Load.Connections == 1_000);
        var ratio = atomic is null ? (double?)null : atomic.Load.PerSecond("booked") / pg.Tps;
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"| default strategy (atomic) at 1,000 connections ≥ 1.5× pgbench's hot row | {(ratio is { } r ? $"{r:0.00}× ({atomic!.Load.PerSecond("booked"):N0} vs {pg.Tps:N0}/s)" : "n/a")} | {Verdict(ratio is null ? null : ratio >= 1.5)} |");
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"| p99 under 500 ms at 1,000 connections (atomic) | {(atomic is null ? "n/a" : $"{atomic.Load.P99Ms:0} ms")} | {Verdict(atomic is null ? null : atomic.Load.P99Ms < 500)} |");
        var holds = runs.FirstOrDefault(r => r.Strategy == HoldFlow.Name && r.Load.Connections == 1_000);
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"| {HoldFlow.Name} at 1,000 connections on one hot event: checkouts/s, p99, 0 oversold | {(holds is null ? "n/a" : $"{holds.Load.PerSecond("booked"):N0}/s, p99 {holds.Load.P99Ms:0} ms, {holds.Oversold} oversold")} | {Verdict(holds is null ? null : holds.Oversold == 0 && holds.Consistent)} |");
        var crowd = runs.Where(r => r.Load.Connections == 10_000).ToArray();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"| 10,000 connections: accepted p99 < 2 s and 0 timeouts, every strategy (load shedding) | {(crowd.Length == 0 ? "n/a" : string.Join(", ", crowd.Select(r => $"{r.Strategy} {r.Load.P99Ms:0} ms / {r.Load.Count("timeout")}")))} | {Verdict(crowd.Length == 0 ? null : crowd.All(r => r.Load.P99Ms < 2000 && r.Load.Count("timeout") == 0))} |");
        var oversold = runs.Sum(r => r.Oversold);
        var errors = runs.Sum(r => r.Load.Count("server_5xx"));
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"| 0 seats oversold and 0 5xx at every level and strategy | {oversold} oversold, {errors} 5xx, {runs.Count(r => !r.Consistent)} inconsistent | {Verdict(oversold == 0 && errors == 0 && runs.All(r => r.Consistent))} |");
        return sb.ToString();
    }

    /// <summary><c>bench/results</c> of the repository (found from the working directory upwards).</summary>
    public static string ResultsDirectory()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Evently.sln")))
            {
                return Path.Combine(dir.FullName, "bench", "results");
            }
        }

        return Path.Combine(Directory.GetCurrentDirectory(), "bench", "results");
    }
}
