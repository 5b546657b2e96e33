using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Evently.Testing;
using BookingShardHash = Evently.BookingService.Sharding.ShardHash;

namespace Evently.Fault.Tests;

/// <summary>Gateway calls the fault tests share: users, events (optionally on a chosen shard), bookings.</summary>
internal static class FaultApi
{
    public static async Task<IReadOnlyList<FaultUser>> RegisterUsersAsync(EventlySystem system, int count)
    {
        using var client = system.CreateGatewayClient();
        using var limit = new SemaphoreSlim(4);
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            await limit.WaitAsync();
            try
            {
                var user = await client.RegisterUserAsync(email: $"fault-{Guid.NewGuid():N}@example.com", password: "correct-horse-battery");
                return new FaultUser(user.Token, user.UserId);
            }
            finally
            {
                limit.Release();
            }
        }));
    }

    /// <summary>
    /// Capacity of an event under a fault load: large enough that a fast machine cannot sell it out before the
    /// fault and the recovery have both been seen (a sold-out event only answers 409).
    /// </summary>
    public const int LoadCapacity = 1_000_000;

    public static Task<Guid> CreateEventAsync(HttpClient admin, int capacity) =>
        admin.CreateEventAsync(capacity, name: $"Fault test {Guid.NewGuid():N}", startsAt: DateTimeOffset.UtcNow.AddDays(40 + Random.Shared.Next(300)));

    /// <summary>Creates events until one lands on <paramref name="shard"/>.</summary>
    public static async Task<Guid> CreateEventOnShardAsync(HttpClient admin, int capacity, int shard, int shardCount)
    {
        while (true)
        {
            var id = await CreateEventAsync(admin, capacity);
            if (BookingShardHash.ShardOf(id, shardCount) == shard)
            {
                return id;
            }
        }
    }

    public static int ShardOf(EventlySystem system, Guid eventId) => BookingShardHash.ShardOf(eventId, system.BookingShards);

    /// <summary>Unpooled: fault tests kill and restart shards, and a pooled connection to the old server fails its next command.</summary>
    public static string ShardConnectionString(EventlySystem system, Guid eventId) =>
        system.ConnectionString($"booking-db-{ShardOf(system, eventId)}") + ";Pooling=false";

    public static async Task<(HttpStatusCode Status, JsonObject? Body)> BookAsync(HttpClient client, Guid eventId, int quantity) =>
        await SendAsync(client, HttpMethod.Post, "api/v1/bookings", JsonContent.Create(new { event_id = eventId, quantity }));

    public static async Task<(HttpStatusCode Status, JsonObject? Body)> SendAsync(HttpClient client, HttpMethod method, string url, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonObject? body = null;
        try
        {
            body = JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            // A proxy error page or an empty body: the status says enough.
        }

        return (response.StatusCode, body);
    }

    /// <summary>Books once on each event (so every shard knows it) and fails the test when it cannot.</summary>
    public static async Task PrimeAsync(HttpClient user, IEnumerable<Guid> events)
    {
        foreach (var eventId in events)
        {
            var (status, body) = await BookAsync(user, eventId, 1);
            Assert.True(status == HttpStatusCode.Created, $"priming booking answered {(int)status}: {body}");
        }
    }
}

public sealed record FaultUser(string Token, Guid UserId);
