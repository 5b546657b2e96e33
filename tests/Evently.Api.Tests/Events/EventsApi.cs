using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Evently.Testing;

namespace Evently.Api.Tests.Events;

/// <summary>Small helpers the events tests share: a valid event body, users, JSON reading.</summary>
internal static class EventsApi
{
    public const string Path = "api/v1/events";

    /// <summary>Every event body starts from this valid one; tests override single fields.</summary>
    public static JsonObject ValidBody(string? name = null, DateTimeOffset? startsAt = null, int capacity = 100, string? venue = null)
    {
        // Whole seconds: the API keeps microseconds, so a round trip compares equal.
        var start = startsAt ?? DateTimeOffset.FromUnixTimeSeconds(
            DateTimeOffset.UtcNow.AddDays(30 + Random.Shared.Next(0, 300)).ToUnixTimeSeconds() + Random.Shared.Next(0, 86_400));
        return new JsonObject
        {
            ["name"] = name ?? $"Test event {Guid.NewGuid():N}",
            ["description"] = "Created by the events tests.",
            ["venue"] = venue ?? "Test Hall",
            ["starts_at"] = start.ToUniversalTime().ToString("O"),
            ["ends_at"] = start.AddHours(3).ToUniversalTime().ToString("O"),
            ["total_capacity"] = capacity,
            ["price"] = 25.5m,
            ["currency"] = "USD",
        };
    }

    /// <summary>A fresh user's token (registered through the gateway).</summary>
    public static async Task<string> UserTokenAsync(EventlySystem system)
    {
        using var client = system.CreateGatewayClient();
        return (await client.RegisterUserAsync()).Token;
    }

    public static async Task<JsonObject> CreateAsync(HttpClient admin, JsonObject body)
    {
        using var response = await admin.PostAsJsonAsync(Path, body);
        var json = await ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create answered {(int)response.StatusCode}: {json}");
        return json;
    }

    public static async Task<JsonObject> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException($"Not a JSON object: {text}");
    }

    public static async Task<(HttpStatusCode Status, JsonObject Body)> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        return (response.StatusCode, await ReadAsync(response));
    }

    public static async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(HttpClient client, HttpMethod method, string url, JsonObject? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await client.SendAsync(request);
        return (response.StatusCode, await ReadAsync(response));
    }

    public static void AssertProblem(HttpResponseMessage response) =>
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

    public static IReadOnlyList<string> Names(JsonObject page) =>
        page["events"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()).ToList();
}
