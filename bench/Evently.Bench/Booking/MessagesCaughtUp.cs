using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Evently.Testing;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Evently.Bench.Booking;

/// <summary>
/// "Messages caught up": how long after the load every BookingConfirmed of the run has reached its consumers. Exact for
/// the events service (its own seat count, read from its database so a live count overlaid on the public detail cannot
/// hide a lagging consumer) and for analytics (tickets sold of the event, through the gateway); for the consumers with
/// no per-event figure (waitlist, webhooks) their BookingConfirmed queue has no message left waiting.
/// </summary>
internal static class MessagesCaughtUp
{
    // Queues are named after each service's application name (see MessagingRegistration).
    private static readonly string[] Queues = ["eventsservice", "waitlistservice", "analyticsservice", "webhooksservice"];

    public static async Task<TimeSpan?> WaitAsync(EventlySystem system, HttpClient admin, Guid eventId, int capacity, int sold, TimeSpan deadline)
    {
        var started = Stopwatch.GetTimestamp();
        await using var events = NpgsqlDataSource.Create(system.ConnectionString("events-db"));
        var broker = await new ConnectionFactory { Uri = new Uri(system.ConnectionString("messaging")) }.CreateConnectionAsync();
        await using var _ = broker;
        var caughtUp = await Eventually.TryUntilAsync(async () =>
            await EventsSeatsAsync(events, eventId) == capacity - sold
            && await AnalyticsSoldAsync(admin, eventId) == sold
            && await QueuesDrainedAsync(broker), deadline);
        return caughtUp ? Stopwatch.GetElapsedTime(started) : null;
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

    private static async Task<bool> QueuesDrainedAsync(IConnection broker)
    {
        foreach (var service in Queues)
        {
            await using var channel = await broker.CreateChannelAsync();
            try
            {
                if ((await channel.QueueDeclarePassiveAsync($"{service}-booking-confirmed")).MessageCount > 0)
                {
                    return false;
                }
            }
            catch (OperationInterruptedException)
            {
                // No such queue (the service does not consume BookingConfirmed): nothing can wait there.
            }
        }

        return true;
    }
}
