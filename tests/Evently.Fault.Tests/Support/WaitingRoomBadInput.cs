using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Evently.Fault.Tests;

/// <summary>The waiting-room routes' share of the hostile-request corpus.</summary>
internal static class WaitingRoomBadInput
{
    /// <returns>An event whose waiting room is on (nobody admitted: one a minute), for the pass-less bookings and holds.</returns>
    public static async Task<Guid> PrepareAsync(HttpClient admin)
    {
        var eventId = await FaultApi.CreateEventAsync(admin, 10);
        using var response = await admin.PutAsJsonAsync($"api/v1/events/{eventId}/waiting-room",
            new { enabled = true, admission_rate_per_minute = 1, pass_seconds = 600 });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"waiting room answered {(int)response.StatusCode}");
        return eventId;
    }

    public static IEnumerable<BadRequest> Corpus(Guid roomEvent, string admin, string owner, string intruder)
    {
        // Invalid in two fields, so mutating either one still leaves an invalid body.
        var settings = new JsonObject { ["enabled"] = true, ["admission_rate_per_minute"] = 0, ["pass_seconds"] = 1 };
        foreach (var (name, body) in BadInputCorpus.Bodies(settings, "enabled"))
        {
            yield return new($"waiting room {name}", HttpMethod.Put, $"api/v1/events/{roomEvent}/waiting-room", admin, body);
        }

        yield return new("waiting room text/plain body", HttpMethod.Put, $"api/v1/events/{roomEvent}/waiting-room", admin, "{\"enabled\":1}", "text/plain");
        yield return new("waiting room huge body", HttpMethod.Put, $"api/v1/events/{roomEvent}/waiting-room", admin, BadInputCorpus.Huge());
        foreach (var id in BadInputCorpus.HostileIds())
        {
            yield return new($"waiting room of {id}", HttpMethod.Get, $"api/v1/events/{id}/waiting-room", admin, null);
            yield return new($"set waiting room of {id}", HttpMethod.Put, $"api/v1/events/{id}/waiting-room", admin, "{\"enabled\":true}");
            yield return new($"join queue of {id}", HttpMethod.Post, $"api/v1/events/{id}/queue", owner, null);
            yield return new($"queue ticket {id}", HttpMethod.Get, $"api/v1/events/{roomEvent}/queue/{id}", owner, null);
        }

        // Seats on an event with its waiting room on, without a pass; the settings as a plain user; no token at all.
        var seats = new JsonObject { ["event_id"] = roomEvent.ToString(), ["quantity"] = 1 }.ToJsonString();
        yield return new("book without a queue pass", HttpMethod.Post, "api/v1/bookings", owner, seats);
        yield return new("hold without a queue pass", HttpMethod.Post, "api/v1/holds", owner, seats);
        yield return new("user reads waiting room settings", HttpMethod.Get, $"api/v1/events/{roomEvent}/waiting-room", intruder, null);
        yield return new("user turns the waiting room off", HttpMethod.Put, $"api/v1/events/{roomEvent}/waiting-room", intruder, "{\"enabled\":false}");
        yield return new("join queue without a token", HttpMethod.Post, $"api/v1/events/{roomEvent}/queue", null, null);
        yield return new("queue ticket without a token", HttpMethod.Get, $"api/v1/events/{roomEvent}/queue/{Guid.NewGuid()}", null, null);
        yield return new("set waiting room without a token", HttpMethod.Put, $"api/v1/events/{roomEvent}/waiting-room", null, "{\"enabled\":false}");
    }
}
