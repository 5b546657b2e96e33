using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Evently.Testing;
using Npgsql;

namespace Evently.Waitlist.Tests;

/// <summary>The calls these tests make, through the gateway unless said otherwise, answering (status, JSON body).</summary>
internal static class Api
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public sealed record Answer(HttpStatusCode Status, JsonElement Body)
    {
        public string Detail => Body.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";

        public override string ToString() => $"{(int)Status} {Body}";
    }

    public static async Task<Answer> SendAsync(HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Answer(response.StatusCode, text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text));
    }

    public static Task<Answer> GetAsync(HttpClient client, string path) => SendAsync(client, HttpMethod.Get, path);

    public static Task<Answer> JoinAsync(HttpClient user, Guid eventId, int quantity) =>
        SendAsync(user, HttpMethod.Post, "api/v1/waitlist", new { event_id = eventId, quantity });

    /// <returns>The waitlist entry's id.</returns>
    public static async Task<Guid> JoinOrFailAsync(HttpClient user, Guid eventId, int quantity)
    {
        var answer = await JoinAsync(user, eventId, quantity);
        Assert.True(answer.Status == HttpStatusCode.Created, $"join answered {answer}");
        return answer.Body.GetProperty("id").GetGuid();
    }

    public static Task<Answer> BookAsync(HttpClient user, Guid eventId, int quantity) =>
        SendAsync(user, HttpMethod.Post, "api/v1/bookings", new { event_id = eventId, quantity });

    /// <returns>The booking id.</returns>
    public static async Task<Guid> BookOrFailAsync(HttpClient user, Guid eventId, int quantity)
    {
        var answer = await BookAsync(user, eventId, quantity);
        Assert.True(answer.Status == HttpStatusCode.Created, $"booking answered {answer}");
        return answer.Body.GetProperty("booking").GetProperty("id").GetGuid();
    }

    public static async Task CancelOrFailAsync(HttpClient user, Guid bookingId)
    {
        var answer = await SendAsync(user, HttpMethod.Post, $"api/v1/bookings/{bookingId}/cancel");
        Assert.True(answer.Status == HttpStatusCode.OK, $"cancel answered {answer}");
    }

    public static async Task<(HttpClient Client, Guid UserId)> NewUserAsync(EventlySystem system)
    {
        using var anonymous = system.CreateGatewayClient();
        var user = await anonymous.RegisterUserAsync();
        return (system.CreateGatewayClient(user.Token), user.UserId);
    }

    /// <summary>A new event of one seat, already sold to someone else, so joins go to its waitlist.</summary>
    public static async Task<Guid> SoldOutEventAsync(EventlySystem system, HttpClient admin)
    {
        var eventId = await admin.CreateEventAsync(capacity: 1);
        var (buyer, _) = await NewUserAsync(system);
        await BookOrFailAsync(buyer, eventId, 1);
        return eventId;
    }

    public sealed record Waiter(HttpClient Client, Guid UserId, Guid EntryId);

    /// <summary>An event of two seats, both booked by <c>Holder</c>, and three users waiting for 1, 2 and 1 seats in that order.</summary>
    public sealed record WaitingLine(Guid EventId, HttpClient Holder, Guid HolderBooking, Waiter First, Waiter Big, Waiter Third);

    /// <summary>Sets up a <see cref="WaitingLine"/> and waits until the booking service's waitlist replica knows all three.</summary>
    public static async Task<WaitingLine> WaitingLineAsync(EventlySystem system, HttpClient admin)
    {
        var eventId = await admin.CreateEventAsync(capacity: 2);
        var (holder, _) = await NewUserAsync(system);
        var booking = await BookOrFailAsync(holder, eventId, 2);
        async Task<Waiter> JoinAsync(int quantity)
        {
            var (client, userId) = await NewUserAsync(system);
            return new Waiter(client, userId, await JoinOrFailAsync(client, eventId, quantity));
        }

        var first = await JoinAsync(1);
        var big = await JoinAsync(2);
        var third = await JoinAsync(1);
        await WaitForReplicaAsync(system, eventId, 3);
        return new WaitingLine(eventId, holder, booking, first, big, third);
    }

    /// <summary>The booking service's inventory of the event (internal endpoint, called directly).</summary>
    public static async Task<JsonElement> InventoryAsync(EventlySystem system, Guid eventId)
    {
        using var client = new HttpClient { BaseAddress = system.ServiceUrl("booking") };
        var answer = await GetAsync(client, $"internal/inventory/{eventId}");
        Assert.True(answer.Status == HttpStatusCode.OK, $"inventory answered {answer}");
        return answer.Body;
    }

    /// <summary>Waits until the booking service's replica knows <paramref name="waiting"/> waiting entries of the event.</summary>
    public static Task WaitForReplicaAsync(EventlySystem system, Guid eventId, int waiting) =>
        Eventually.UntilAsync(async () => (await InventoryAsync(system, eventId)).GetProperty("waiting_entries").GetInt32() == waiting,
            Deadline, $"booking's waitlist replica of {eventId} should reach {waiting} waiting entries");

    /// <summary>Runs a query on every booking shard and returns all rows.</summary>
    public static async Task<List<T>> OnShardsAsync<T>(EventlySystem system, string sql, object? parameters = null)
    {
        var rows = new List<T>();
        for (var i = 0; i < system.BookingShards; i++)
        {
            await using var connection = new NpgsqlConnection(system.ConnectionString($"booking-db-{i}"));
            rows.AddRange(await connection.QueryAsync<T>(sql, parameters));
        }

        return rows;
    }

    public static async Task<JsonElement> EntryAsync(HttpClient user, Guid entryId)
    {
        var answer = await GetAsync(user, $"api/v1/waitlist/{entryId}");
        Assert.True(answer.Status == HttpStatusCode.OK, $"waitlist entry answered {answer}");
        return answer.Body;
    }

    /// <summary>Waits for the entry to reach <paramref name="status"/> and returns it.</summary>
    public static Task<JsonElement> WaitForEntryAsync(HttpClient user, Guid entryId, string status) =>
        Eventually.UntilAsync(() => EntryAsync(user, entryId), e => e.GetProperty("status").GetString() == status, Deadline,
            $"waitlist entry {entryId} should become {status}");
}
