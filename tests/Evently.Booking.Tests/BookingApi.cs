using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Evently.Testing;
using BookingShardHash = Evently.BookingService.Sharding.ShardHash;

namespace Evently.Booking.Tests;

/// <summary>Helpers the booking tests share: users, events, bookings, SQL on a shard, waiting on conditions.</summary>
internal static class BookingApi
{
    public const string Path = "api/v1/bookings";

    public static async Task<string> AdminTokenAsync(EventlySystem system)
    {
        using var client = system.CreateGatewayClient();
        using var response = await client.PostAsJsonAsync("api/v1/auth/login", new { email = system.AdminEmail, password = system.AdminPassword });
        var body = await ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"admin login answered {(int)response.StatusCode}: {body}");
        return body["token"]!.GetValue<string>();
    }

    public static async Task<IReadOnlyList<TestUser>> RegisterUsersAsync(EventlySystem system, int count)
    {
        using var client = system.CreateGatewayClient();
        using var limit = new SemaphoreSlim(8);
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            await limit.WaitAsync();
            try
            {
                using var response = await client.PostAsJsonAsync("api/v1/auth/register",
                    new { email = $"booker-{Guid.NewGuid():N}@example.com", password = "correct-horse-battery", name = "Booking Tester" });
                var body = await ReadAsync(response);
                Assert.True(response.StatusCode == HttpStatusCode.Created, $"register answered {(int)response.StatusCode}: {body}");
                var user = body["user"]!.AsObject();
                return new TestUser(body["token"]!.GetValue<string>(), Guid.Parse(user["id"]!.GetValue<string>()));
            }
            finally
            {
                limit.Release();
            }
        }));
    }

    public static async Task<Guid> CreateEventAsync(HttpClient admin, int capacity)
    {
        var start = DateTimeOffset.UtcNow.AddDays(30 + Random.Shared.Next(0, 300));
        using var response = await admin.PostAsJsonAsync("api/v1/events", new JsonObject
        {
            ["name"] = $"Booking test {Guid.NewGuid():N}",
            ["description"] = "Created by the booking tests.",
            ["venue"] = "Test Hall",
            ["starts_at"] = start.ToString("O"),
            ["ends_at"] = start.AddHours(3).ToString("O"),
            ["total_capacity"] = capacity,
            ["price"] = 25m,
            ["currency"] = "USD",
        });
        var body = await ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create event answered {(int)response.StatusCode}: {body}");
        return Guid.Parse(body["id"]!.GetValue<string>());
    }

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

    public static async Task<(HttpStatusCode Status, JsonObject Body)> BookAsync(HttpClient client, Guid eventId, int quantity, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = JsonContent.Create(new { event_id = eventId, quantity }) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await client.SendAsync(request);
        return (response.StatusCode, await ReadAsync(response));
    }

    public static async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(HttpClient client, HttpMethod method, string url, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await ReadAsync(response));
    }

    public static async Task<JsonObject> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException($"Not a JSON object ({(int)response.StatusCode}): {text}");
    }

    public static string ShardConnectionString(EventlySystem system, Guid eventId) =>
        // Unpooled: tests stop and restart shards, and a pooled connection to the old server would fail its next use.
        system.ConnectionString($"booking-db-{BookingShardHash.ShardOf(eventId, system.BookingShards)}") + ";Pooling=false";

    /// <summary>Polls <paramref name="condition"/> until it holds or the deadline passes (no fixed sleeps).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        var delay = TimeSpan.FromMilliseconds(50);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting for: {what}");
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
        }
    }
}
