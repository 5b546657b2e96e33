using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evently.AnalyticsService.Services;

namespace Evently.AnalyticsService.LoadTests;

/// <summary>
/// The load test's own calls through the gateway's public API, with the starting admin's token: creating and
/// cancelling the dedicated load-test event, registering load-test users, and the consistency check afterwards.
/// </summary>
public sealed class GatewayClient(IHttpClientFactory httpClients)
{
    private const string UserPassword = "load-test-password-not-a-secret-";

    private HttpClient Client() => httpClients.CreateClient(HttpClientNames.Internal);

    /// <summary>A scheduled event that exists only for this test (far in the future, free, clearly named).</summary>
    public async Task<Guid> CreateEventAsync(Uri gateway, string adminAuthorization, string testId, int capacity, CancellationToken ct)
    {
        var startsAt = DateTimeOffset.UtcNow.AddYears(5);
        var body = new JsonObject
        {
            ["name"] = $"Load test {testId} (not for sale)",
            ["description"] = "Created by an admin load test; cancelled when the test ends.",
            ["venue"] = "Load test",
            ["starts_at"] = startsAt.ToString("O"),
            ["ends_at"] = startsAt.AddHours(1).ToString("O"),
            ["total_capacity"] = capacity,
            ["price"] = 0,
            ["currency"] = "USD",
        };
        using var response = await SendAsync(gateway, HttpMethod.Post, "api/v1/events", adminAuthorization, body, ct);
        var json = await ReadAsync(response, ct);
        return response.StatusCode == HttpStatusCode.Created && json?["id"]?.GetValue<Guid>() is { } id
            ? id
            : throw new LoadTestSetupException($"The load-test event could not be created ({(int)response.StatusCode}): {json?["detail"]}");
    }

    public async Task CancelEventAsync(Uri gateway, string adminAuthorization, Guid eventId, CancellationToken ct)
    {
        using var response = await SendAsync(gateway, HttpMethod.Delete, $"api/v1/events/{eventId}", adminAuthorization, null, ct);
    }

    /// <summary>A load-test user's token and when it stops being accepted.</summary>
    public sealed record UserToken(string Token, DateTimeOffset ExpiresAt);

    /// <summary>
    /// Registers up to <paramref name="count"/> load-test users and returns their tokens. Registration is rate-limited
    /// per client address: it stops at the first refusal and the test shares the users it got.
    /// </summary>
    public async Task<List<UserToken>> RegisterUsersAsync(Uri gateway, string testId, int count, CancellationToken ct)
    {
        var users = new List<UserToken>(count);
        for (var i = 0; i < count; i++)
        {
            var body = new JsonObject
            {
                ["email"] = $"{testId}-{i}@load-test.evently.invalid",
                ["password"] = UserPassword + testId,
                ["name"] = $"Load test user {i}",
            };
            using var response = await SendAsync(gateway, HttpMethod.Post, "api/v1/auth/register", null, body, ct);
            var json = response.StatusCode == HttpStatusCode.Created ? await ReadAsync(response, ct) : null;
            if (json?["token"]?.GetValue<string>() is not { } token)
            {
                break;
            }

            // Without an expiry the token is used by this test only (DateTimeOffset.MinValue: never kept for the next).
            var expiresAt = DateTimeOffset.TryParse(json["expires_at"]?.GetValue<string>(), out var at) ? at : DateTimeOffset.MinValue;
            users.Add(new UserToken(token, expiresAt));
        }

        return users;
    }

    public sealed record Consistency(long OversoldEvents, long MismatchedEvents, JsonNode? LoadTestEvent);

    /// <returns>The system-wide check (oversold and mismatched events) and the load-test event's row, or null when it could not run.</returns>
    public async Task<Consistency?> ConsistencyAsync(Uri gateway, string adminAuthorization, Guid? eventId, CancellationToken ct)
    {
        try
        {
            using var response = await SendAsync(gateway, HttpMethod.Get, "api/v1/admin/consistency", adminAuthorization, null, ct);
            var json = await ReadAsync(response, ct);
            if (!response.IsSuccessStatusCode || json is null)
            {
                return null;
            }

            var row = eventId is null ? null
                : json["events"]?.AsArray().FirstOrDefault(e => e?["event_id"]?.GetValue<string>() == eventId.Value.ToString());
            return new Consistency(json["oversold_events"]?.GetValue<long>() ?? 0, json["mismatched_events"]?.GetValue<long>() ?? 0,
                row?.DeepClone());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Uri gateway, HttpMethod method, string path, string? authorization, JsonObject? body,
        CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(gateway, path));
        if (authorization is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await Client().SendAsync(request, ct);
    }

    private static async Task<JsonNode?> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The load test could not be prepared (e.g. the event could not be created); the test ends as <c>failed</c>.</summary>
public sealed class LoadTestSetupException(string message) : Exception(message);
