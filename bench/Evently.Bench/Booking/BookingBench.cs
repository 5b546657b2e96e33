using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evently.Bench.Load;
using Evently.Bench.Profiling;
using Evently.Testing;

namespace Evently.Bench.Booking;

/// <summary>
/// <c>./evently bench booking</c>: boots the whole system (rate limits off), measures pgbench's hot-row ceiling on a
/// booking shard, then for each strategy and connection level books seats on a fresh hot event through the gateway
/// with many distinct users, and checks the consistency report afterwards. Prints a Markdown table and writes the raw
/// numbers to <c>bench/results/</c>.
/// </summary>
public static class BookingBench
{
    /// <param name="MessagesCaughtUpSeconds">
    /// From the end of the load until every confirmed booking (BookingsConfirmed) was relayed and applied by events, analytics and
    /// webhooks (see <see cref="MessagesCaughtUp"/>); null when that did not happen within <see cref="CatchUpDeadline"/>.
    /// </param>
    /// <param name="LiveCountLag">Staleness of the detail's seat count against the shard during the run (<see cref="LiveCountProbe"/>).</param>
    /// <param name="CatchUpStages">When each stage of the catch-up was done, in seconds after the load (<see cref="MessagesCaughtUp"/>).</param>
    public sealed record Run(string Strategy, Guid EventId, LoadResult Load, int SeatsSold, int Oversold, bool Consistent,
        double? MessagesCaughtUpSeconds, LiveCountProbe.Lag? LiveCountLag = null, IReadOnlyDictionary<string, double?>? CatchUpStages = null);

    private static readonly TimeSpan CatchUpDeadline = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = BookingBenchOptions.Parse(args);
        var total = Stopwatch.StartNew();
        Console.WriteLine($"booking bench: levels {string.Join(",", options.Levels)}, strategies {string.Join(",", options.Strategies)}, " +
                          $"{options.Warmup.TotalSeconds}s warm-up + {options.Duration.TotalSeconds}s each");
        await using var system = await BenchSystem.StartAsync(new Dictionary<string, string> { ["Booking__Strategy"] = options.Strategies[0] }, replicas: options.Replicas);
        Console.WriteLine($"system up in {total.Elapsed.TotalSeconds:0} s at {system.GatewayUrl}");

        var pg = await PgBench.RunAsync(system.ConnectionString("booking-db-0"), options.PgBenchClients, options.Duration);
        Console.WriteLine($"pgbench hot row ({pg.Clients} clients, UPDATE + INSERT): {pg.Tps:0} tps");

        var adminToken = await BenchApi.AdminTokenAsync(system);
        using var admin = system.CreateGatewayClient(adminToken);
        var tokens = await BenchApi.RegisterUsersAsync(system, options.Users);
        Console.WriteLine($"{tokens.Count} users registered");

        var runs = new List<Run>();
        var current = options.Strategies[0];
        foreach (var strategy in options.Strategies.Concat(options.HoldLevels.Length > 0 ? [HoldFlow.Name] : []))
        {
            if (strategy == HoldFlow.Name)
            {
                // Holds take their own path (one row-locked transaction per hold, one per confirm), whatever the strategy.
                foreach (var connections in options.HoldLevels)
                {
                    var run = await RunLevelAsync(system, admin, tokens, strategy, connections, options);
                    runs.Add(run);
                    Console.WriteLine(BookingReport.Row(run, pg));
                }

                continue;
            }

            if (strategy != current)
            {
                await system.RestartResourceAsync("booking", new Dictionary<string, string> { ["Booking__Strategy"] = strategy });
                current = strategy;
            }

            // A freshly (re)started booking service runs unoptimised code at first: book on a scratch event until the
            // JIT has settled, so the first level measures the strategy rather than the compiler.
            var settle = options with { Warmup = TimeSpan.FromSeconds(10), Duration = TimeSpan.Zero };
            await RunLevelAsync(system, admin, tokens, strategy, options.Levels.Min(), settle);
            foreach (var connections in options.Levels)
            {
                var run = await RunLevelAsync(system, admin, tokens, strategy, connections, options);
                runs.Add(run);
                Console.WriteLine(BookingReport.Row(run, pg));
                Console.WriteLine("  caught up by stage: " + string.Join(", ", (run.CatchUpStages ?? new Dictionary<string, double?>())
                    .Select(kv => $"{kv.Key} {(kv.Value is { } t ? t.ToString("0.#", CultureInfo.InvariantCulture) + " s" : "no")}")));
            }

            if (options.Profile && strategy == options.Strategies[0])
            {
                var level = options.Levels[0];
                var file = await ProfiledRun.RunAsync(system, () => RunLevelAsync(system, admin, tokens, strategy, level, options), ["gateway", "booking"],
                    options.Warmup, options.Duration,
                    r => string.Create(CultureInfo.InvariantCulture, $"{strategy} at {level:N0} connections ({r.Load.PerSecond("booked"):N0} bookings/s while profiled)"),
                    Path.Combine(BookingReport.ResultsDirectory(), $"profile-{strategy}-{level}.md"));
                Console.WriteLine($"CPU profile in {file}");
            }
        }

        var report = BookingReport.Markdown(runs, pg, options);
        Console.WriteLine();
        Console.WriteLine(report);
        var dir = BookingReport.ResultsDirectory();
        Directory.CreateDirectory(dir);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(Path.Combine(dir, $"{options.ResultsName}-{stamp}.json"), JsonSerializer.Serialize(new
        {
            started_at = DateTime.UtcNow - total.Elapsed,
            machine = new { cores = Environment.ProcessorCount, os = Environment.OSVersion.ToString() },
            options = new { options.Levels, options.Strategies, warmup_s = options.Warmup.TotalSeconds, duration_s = options.Duration.TotalSeconds, options.Users, options.BookingReplicas, options.Gateways },
            pgbench = pg,
            runs,
        }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
        await File.WriteAllTextAsync(Path.Combine(dir, options.ResultsName + ".md"), report);
        Console.WriteLine($"results in {dir} (whole bench {total.Elapsed.TotalMinutes:0.0} min)");
        return runs.All(r => r.Oversold == 0 && r.Consistent) ? 0 : 1;
    }

    private static async Task<Run> RunLevelAsync(EventlySystem system, HttpClient admin, IReadOnlyList<string> tokens, string strategy,
        int connections, BookingBenchOptions options)
    {
        // Big enough not to sell out within the run: the point is the hot row's throughput.
        const int capacity = 1_000_000; // the events service's maximum
        var eventId = await BenchApi.CreateEventAsync(admin, capacity);
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { event_id = eventId, quantity = 1 }));
        var auth = tokens.Select(t => new AuthenticationHeaderValue("Bearer", t)).ToArray();
        var json = new MediaTypeHeaderValue("application/json");
        // Percentiles of accepted requests only (booked or sold out): a fast shed 503 must not hide a slow booking.
        var load = new LoadOptions(connections, options.Warmup, options.Duration, TimeSpan.FromSeconds(30), o => o is "booked" or "sold_out_409");
        await using var liveCount = LiveCountProbe.Start(system, admin, eventId, options.Warmup, options.Duration);
        var result = strategy == HoldFlow.Name
            ? await LoadGenerator.RunAsync(system.GatewayUrl, load, HoldFlow.Operation(eventId, tokens, options.ShedBackOff))
            : await LoadGenerator.RunAsync(system.GatewayUrl, load,
                worker =>
                {
                    var content = new ByteArrayContent(body);
                    content.Headers.ContentType = json;
                    var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/bookings") { Content = content };
                    request.Headers.Authorization = auth[worker % auth.Length];
                    return request;
                },
                response => Classify(response, options.ShedBackOff));

        await liveCount.DisposeAsync();

        var (sold, oversold, consistent) = await BenchApi.ConsistencyAsync(admin, eventId);
        // Also makes each level start with the previous level's messages delivered, not competing with them.
        var caughtUp = await MessagesCaughtUp.WaitAsync(system, admin, eventId, capacity, sold, CatchUpDeadline);
        return new Run(strategy, eventId, result, sold, oversold, consistent, caughtUp.All?.TotalSeconds, liveCount.Result, caughtUp.Stages);
    }

    private static async Task<string> Classify(HttpResponseMessage response, bool shedBackOff)
    {
        var status = (int)response.StatusCode;
        if (status == 201)
        {
            return "booked";
        }

        if (status == 409)
        {
            var text = await response.Content.ReadAsStringAsync();
            return text.Contains("being booked by another user", StringComparison.Ordinal) ? "lock_409" : "sold_out_409";
        }

        if (await IsShedAsync(response, shedBackOff))
        {
            return "shed_503";
        }

        return status switch
        {
            429 => "rate_limited_429",
            >= 500 => "server_5xx",
            _ => $"other_{status}",
        };
    }

    /// <summary>
    /// The booking service's load-shedding refusal: 503 with Retry-After, "at capacity" (not a server fault). With
    /// <paramref name="backOff"/> the client then waits as a well-behaved one does: Retry-After, plus up to half again
    /// so that the refused do not all come back at the same instant (untimed; only accepted requests are timed).
    /// </summary>
    internal static async Task<bool> IsShedAsync(HttpResponseMessage response, bool backOff)
    {
        if (response.StatusCode != HttpStatusCode.ServiceUnavailable || response.Headers.RetryAfter?.Delta is not { } delay
            || !(await response.Content.ReadAsStringAsync()).Contains("at capacity", StringComparison.Ordinal))
        {
            return false;
        }

        if (backOff)
        {
            await Task.Delay(delay * (1 + Random.Shared.NextDouble() / 2));
        }

        return true;
    }
}

/// <summary>The few gateway calls the bench needs.</summary>
internal static class BenchApi
{
    public static async Task<string> AdminTokenAsync(EventlySystem system)
    {
        using var client = system.CreateGatewayClient();
        using var response = await client.PostAsJsonAsync("api/v1/auth/login", new { email = system.AdminEmail, password = system.AdminPassword });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
    }

    public static async Task<IReadOnlyList<string>> RegisterUsersAsync(EventlySystem system, int count)
    {
        using var client = system.CreateGatewayClient();
        using var limit = new SemaphoreSlim(Environment.ProcessorCount * 2);
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await limit.WaitAsync();
            try
            {
                using var response = await client.PostAsJsonAsync("api/v1/auth/register",
                    new { email = $"bench-{Guid.NewGuid():N}@example.com", password = "correct-horse-battery", name = $"Bench user {i}" });
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"register answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }

                return (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
            }
            finally
            {
                limit.Release();
            }
        }));
    }

    public static async Task<Guid> CreateEventAsync(HttpClient admin, int capacity)
    {
        var start = DateTimeOffset.UtcNow.AddDays(60);
        using var response = await admin.PostAsJsonAsync("api/v1/events", new
        {
            name = $"Bench hot event {Guid.NewGuid():N}",
            description = "Booking benchmark",
            venue = "Bench Arena",
            starts_at = start,
            ends_at = start.AddHours(3),
            total_capacity = capacity,
            price = 10m,
            currency = "USD",
        });
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"create event answered {(int)response.StatusCode}: {text}");
        }

        return Guid.Parse(JsonNode.Parse(text)!["id"]!.GetValue<string>());
    }

    /// <returns>Seats sold, seats sold beyond capacity, and whether the invariant holds (from the consistency report).</returns>
    public static async Task<(int Sold, int Oversold, bool Consistent)> ConsistencyAsync(HttpClient admin, Guid eventId)
    {
        using var response = await admin.GetAsync($"api/v1/admin/consistency?event_id={eventId}");
        response.EnsureSuccessStatusCode();
        var report = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var row = report["events"]!.AsArray().Single()!;
        var sold = row["total_booked"]!.GetValue<int>();
        var capacity = row["total_capacity"]!.GetValue<int>();
        return (sold, Math.Max(0, sold - capacity), row["consistent"]!.GetValue<bool>() && report["oversold_events"]!.GetValue<int>() == 0);
    }
}
