using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Evently.Testing;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Evently.Bench.Booking;

/// <summary>
/// "Messages caught up": how long after the load every confirmed booking of the run (BookingsConfirmed, one message per
/// commit) has reached its consumers. Exact for
/// the events service (its own seat count, read from its database so a live count overlaid on the public detail cannot
/// hide a lagging consumer) and for analytics (tickets sold of the event, through the gateway); for the consumers with
/// no per-event figure (webhooks) their BookingsConfirmed queue has no message left waiting. Each stage's
/// time is reported too (the shards' outboxes relayed, each queue drained, each consumer's figure right), so a slow
/// catch-up names its bottleneck.
/// </summary>
internal static class MessagesCaughtUp
{
    // Queues are named after each service's application name (see MessagingRegistration).
    private static readonly string[] Queues = ["eventsservice", "waitlistservice", "analyticsservice", "webhooksservice"];
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <param name="All">When every stage was done at once; null past the deadline.</param>
    /// <param name="Stages">Seconds after the load at which each stage was last seen becoming done (null: never).</param>
    public sealed record CatchUp(TimeSpan? All, IReadOnlyDictionary<string, double?> Stages);

    public static async Task<CatchUp> WaitAsync(EventlySystem system, HttpClient admin, Guid eventId, int capacity, int sold, TimeSpan deadline)
    {
        var started = Stopwatch.GetTimestamp();
        await using var events = NpgsqlDataSource.Create(system.ConnectionString("events-db"));
        var shards = Enumerable.Range(0, system.BookingShards).Select(i => NpgsqlDataSource.Create(system.ConnectionString($"booking-db-{i}"))).ToList();
        var broker = await new ConnectionFactory { Uri = new Uri(system.ConnectionString("messaging")) }.CreateConnectionAsync();
        await using var _ = broker;
        var checks = new Dictionary<string, Func<Task<bool>>>
        {
            ["outbox"] = async () => await UnsentAsync(shards) == 0,
            ["events"] = async () => await EventsSeatsAsync(events, eventId) == capacity - sold,
            ["analytics"] = async () => await AnalyticsSoldAsync(admin, eventId) == sold,
        };
        foreach (var service in Queues)
        {
            checks[$"{service} queue"] = () => QueueDrainedAsync(broker, service);
        }

        var doneAt = checks.Keys.ToDictionary(k => k, _ => (double?)null);
        try
        {
            using var timer = new PeriodicTimer(Poll);
            while (Stopwatch.GetElapsedTime(started) < deadline)
            {
                foreach (var (stage, check) in checks)
                {
                    var done = await Try(check);
                    // A stage can be undone again (a queue empties before the relay has sent everything): keep the last time.
                    doneAt[stage] = done ? doneAt[stage] ?? Stopwatch.GetElapsedTime(started).TotalSeconds : null;
                }

                if (doneAt.Values.All(t => t is not null))
                {
                    return new CatchUp(Stopwatch.GetElapsedTime(started), doneAt);
                }

                await timer.WaitForNextTickAsync();
            }

            return new CatchUp(null, doneAt);
        }
        finally
        {
            foreach (var shard in shards)
            {
                await shard.DisposeAsync();
            }
        }
    }

    /// <summary>A figure that cannot be read right now (a service restarting) is not done yet.</summary>
    private static async Task<bool> Try(Func<Task<bool>> check)
    {
        try
        {
            return await check();
        }
        catch (Exception ex) when (ex is HttpRequestException or NpgsqlException or TimeoutException)
        {
            return false;
        }
    }

    private static async Task<long> UnsentAsync(List<NpgsqlDataSource> shards)
    {
        long unsent = 0;
        foreach (var shard in shards)
        {
            await using var command = shard.CreateCommand("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL AND last_error IS NULL");
            unsent += (long)(await command.ExecuteScalarAsync())!;
        }

        return unsent;
    }

    private static async Task<int?> EventsSeatsAsync(NpgsqlDataSource events, Guid eventId)
    {
        await using var command = events.CreateCommand("SELECT available_seats FROM events WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = eventId });
        return (int?)await command.ExecuteScalarAsync();
    }

    private static async Task<long?> AnalyticsSoldAsync(HttpClient admin, Guid eventId)
    {
        using var response = await admin.GetAsync($"api/v1/analytics/events/{eventId}/check-in");
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<JsonObject>())!["check_in"]!["tickets_sold"]!.GetValue<long>()
            : null;
    }

    private static async Task<bool> QueueDrainedAsync(IConnection broker, string service)
    {
        await using var channel = await broker.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync($"{service}-bookings-confirmed")).MessageCount == 0;
        }
        catch (OperationInterruptedException)
        {
            // No such queue (the service does not consume BookingsConfirmed): nothing can wait there.
            return true;
        }
    }
}
