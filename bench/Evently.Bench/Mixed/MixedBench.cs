using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evently.Bench.Booking;
using Evently.Bench.Load;
using Evently.Bench.Report;

namespace Evently.Bench.Mixed;

/// <summary>
/// A mixed workload on the connection ladder: 80 % browse (listing or one event), 15 % book one seat, 5 % cancel one
/// of the worker's own bookings. Each level books on fresh events, then reads the consistency report for them.
/// </summary>
public static class MixedBench
{
    private const int EventsPerLevel = 10;
    private static readonly HttpRequestOptionsKey<(int Worker, string Kind)> Tag = new("evently-bench-mixed");

    public static async Task<IReadOnlyList<Measurement>> RunAsync(SuiteContext context, SuiteOptions options)
    {
        var results = new List<Measurement>();
        foreach (var level in options.Levels)
        {
            results.Add(await RunLevelAsync(context, options, level));
        }

        return results;
    }

    private static async Task<Measurement> RunLevelAsync(SuiteContext context, SuiteOptions options, int connections)
    {
        var events = new Guid[EventsPerLevel];
        for (var i = 0; i < events.Length; i++)
        {
            // Small enough that the busiest levels sell out: sold-out answers and the oversold check both matter.
            events[i] = await BenchApi.CreateEventAsync(context.Admin, 2_000);
        }

        var auth = context.Tokens.Select(t => new AuthenticationHeaderValue("Bearer", t)).ToArray();
        var mine = new ConcurrentQueue<string>[connections];
        for (var w = 0; w < connections; w++)
        {
            mine[w] = new ConcurrentQueue<string>();
        }

        var json = new MediaTypeHeaderValue("application/json");
        await using var lag = ReplicaLagProbe.Start(context.Admin);
        var load = await LoadGenerator.RunAsync(context.System.GatewayUrl, options.LoadFor(connections), w =>
        {
            var roll = Random.Shared.NextDouble();
            HttpRequestMessage request;
            string kind;
            if (roll < 0.80)
            {
                kind = "browse";
                request = new HttpRequestMessage(HttpMethod.Get, Random.Shared.Next(2) == 0
                    ? SuiteContext.ListingPath
                    : $"api/v1/events/{context.Events[Random.Shared.Next(context.Events.Count)]}");
            }
            else if (roll >= 0.95 && mine[w].TryDequeue(out var bookingId))
            {
                kind = "cancel";
                request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/bookings/{bookingId}/cancel");
                request.Headers.Authorization = auth[w % auth.Length];
            }
            else
            {
                kind = "book";
                var content = new ByteArrayContent(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(
                    new { event_id = events[Random.Shared.Next(events.Length)], quantity = 1 })));
                content.Headers.ContentType = json;
                request = new HttpRequestMessage(HttpMethod.Post, "api/v1/bookings") { Content = content };
                request.Headers.Authorization = auth[w % auth.Length];
            }

            request.Options.Set(Tag, (w, kind));
            return request;
        }, async response =>
        {
            var status = (int)response.StatusCode;
            response.RequestMessage!.Options.TryGetValue(Tag, out var tag);
            switch (tag.Kind, status)
            {
                case ("book", 201):
                    var id = JsonNode.Parse(await response.Content.ReadAsStringAsync())?["booking"]?["id"]?.GetValue<string>();
                    if (id is not null)
                    {
                        mine[tag.Worker].Enqueue(id);
                    }

                    return "booked";
                case ("book", 409):
                    return "sold_out_409";
                case ("cancel", 200):
                    return "cancelled";
                case ("cancel", 409):
                    return "not_cancellable_409";
                default:
                    return Classify.Status(status);
            }
        });

        await lag.DisposeAsync();
        var oversold = 0;
        foreach (var eventId in events)
        {
            oversold += await OversoldAsync(context.Admin, eventId);
        }

        var m = new Measurement("mixed", "browse 80 / book 15 / cancel 5", load, oversold) { ReplicaLagMaxMs = lag.MaxMs, ReadsFrom = lag.ReadsFrom };
        Console.WriteLine(ReportWriter.Line(m));
        return m;
    }

    /// <summary>Seats sold beyond capacity (an event nobody managed to book has no inventory row yet: 0).</summary>
    private static async Task<int> OversoldAsync(HttpClient admin, Guid eventId)
    {
        using var response = await admin.GetAsync($"api/v1/admin/consistency?event_id={eventId}");
        response.EnsureSuccessStatusCode();
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return report["events"]!.AsArray().Sum(e => Math.Max(0, e!["total_booked"]!.GetValue<int>() - e["total_capacity"]!.GetValue<int>()));
    }
}
