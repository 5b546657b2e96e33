using System.Net;
using Dapper;
using Evently.Testing;
using Npgsql;

namespace Evently.BoxOffice.Tests.Holds;

/// <summary>The hold calls these tests make, through the gateway, and the shard-side facts they check.</summary>
internal static class HoldApi
{
    public static Task<Api.Answer> HoldAsync(HttpClient user, Guid eventId, int quantity) =>
        Api.SendAsync(user, HttpMethod.Post, "api/v1/holds", new { event_id = eventId, quantity });

    /// <returns>The hold's id.</returns>
    public static async Task<Guid> HoldOrFailAsync(HttpClient user, Guid eventId, int quantity)
    {
        var answer = await HoldAsync(user, eventId, quantity);
        Assert.True(answer.Status == HttpStatusCode.Created, $"hold answered {answer}");
        return answer.Body.GetProperty("id").GetGuid();
    }

    public static Task<Api.Answer> ConfirmAsync(HttpClient user, Guid holdId) =>
        Api.SendAsync(user, HttpMethod.Post, $"api/v1/holds/{holdId}/confirm");

    public static Task<Api.Answer> ReleaseAsync(HttpClient user, Guid holdId) =>
        Api.SendAsync(user, HttpMethod.Delete, $"api/v1/holds/{holdId}");

    public static Task<Api.Answer> GetAsync(HttpClient user, Guid holdId) => Api.GetAsync(user, $"api/v1/holds/{holdId}");

    /// <summary>Moves the holds' end into the past on their shard, as if their minutes had gone by.</summary>
    public static async Task ExpireAsync(EventlySystem system, params Guid[] holdIds)
    {
        var moved = 0;
        for (var i = 0; i < system.BookingShards; i++)
        {
            await using var db = new NpgsqlConnection(system.ConnectionString($"booking-db-{i}"));
            moved += await db.ExecuteAsync("UPDATE holds SET expires_at = now() - interval '1 second' WHERE id = ANY(@holdIds)", new { holdIds });
        }

        Assert.Equal(holdIds.Length, moved);
    }

    /// <summary>How many HoldExpired messages each hold produced (outbox rows stay after they are sent).</summary>
    public static async Task<Dictionary<Guid, int>> ExpiredMessagesAsync(EventlySystem system, Guid[] holdIds)
    {
        var rows = await Api.OnShardsAsync<(Guid HoldId, int Count)>(system,
            """
            SELECT (payload->>'hold_id')::uuid, count(*)::int FROM outbox_messages
            WHERE message_type = 'Evently.Contracts.HoldExpired' AND (payload->>'hold_id')::uuid = ANY(@holdIds)
            GROUP BY 1
            """, new { holdIds });
        return rows.ToDictionary(r => r.HoldId, r => r.Count);
    }

    /// <summary>Waits until the event has no seats in checkout any more and returns its inventory then.</summary>
    public static Task<System.Text.Json.JsonElement> WaitForNoCheckoutAsync(EventlySystem system, Guid eventId) =>
        Eventually.UntilAsync(() => Api.InventoryAsync(system, eventId), i => i.GetProperty("checkout_seats").GetInt32() == 0, Api.Deadline,
            $"the expired holds of {eventId} should be released");

    /// <summary>The admin consistency report for the event: booked = capacity − available − held − in checkout.</summary>
    public static async Task AssertConsistentAsync(HttpClient admin, Guid eventId)
    {
        var report = await Api.GetAsync(admin, $"api/v1/admin/consistency?event_id={eventId}");
        Assert.True(report.Status == HttpStatusCode.OK && report.Body.GetProperty("consistent").GetBoolean(), report.ToString());
    }
}
