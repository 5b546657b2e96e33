using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evently.Testing;

namespace Evently.BoxOffice.Tests.WaitingRoom;

/// <summary>The waiting-room calls these tests make, through the gateway.</summary>
internal static class QueueApi
{
    public const string PassHeader = "X-Queue-Pass";

    public static Task<Api.Answer> ConfigureAsync(HttpClient admin, Guid eventId, object body) =>
        Api.SendAsync(admin, HttpMethod.Put, $"api/v1/events/{eventId}/waiting-room", body);

    public static async Task EnableAsync(HttpClient admin, Guid eventId, int perMinute, int passSeconds = 600)
    {
        var answer = await ConfigureAsync(admin, eventId, new { enabled = true, admission_rate_per_minute = perMinute, pass_seconds = passSeconds });
        Assert.True(answer.Status == HttpStatusCode.OK, $"waiting room answered {answer}");
    }

    public static Task<Api.Answer> JoinAsync(HttpClient user, Guid eventId) =>
        Api.SendAsync(user, HttpMethod.Post, $"api/v1/events/{eventId}/queue");

    public static async Task<JsonElement> JoinOrFailAsync(HttpClient user, Guid eventId)
    {
        var answer = await JoinAsync(user, eventId);
        Assert.True(answer.Status == HttpStatusCode.Created, $"join answered {answer}");
        return answer.Body;
    }

    public static Task<Api.Answer> TicketAsync(HttpClient user, Guid eventId, Guid ticketId) =>
        Api.GetAsync(user, $"api/v1/events/{eventId}/queue/{ticketId}");

    /// <summary>Polls the ticket until it is admitted and returns its pass token.</summary>
    public static async Task<string> WaitForPassAsync(HttpClient user, Guid eventId, Guid ticketId)
    {
        var ticket = await Eventually.UntilAsync(() => TicketAsync(user, eventId, ticketId),
            t => t.Status == HttpStatusCode.OK && t.Body.GetProperty("status").GetString() == "admitted", Api.Deadline,
            $"ticket {ticketId} should be admitted");
        return ticket.Body.GetProperty("pass").GetProperty("token").GetString()!;
    }

    public static Task<Api.Answer> BookAsync(HttpClient user, Guid eventId, int quantity, string? pass) =>
        SendWithPassAsync(user, "api/v1/bookings", new { event_id = eventId, quantity }, pass);

    public static Task<Api.Answer> HoldAsync(HttpClient user, Guid eventId, int quantity, string? pass) =>
        SendWithPassAsync(user, "api/v1/holds", new { event_id = eventId, quantity }, pass);

    private static async Task<Api.Answer> SendWithPassAsync(HttpClient client, string path, object body, string? pass)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (pass is not null)
        {
            request.Headers.TryAddWithoutValidation(PassHeader, pass);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Api.Answer(response.StatusCode, text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text));
    }
}
