using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Evently.ServiceDefaults;
using Xunit;

namespace Evently.Testing;

/// <summary>What a client is told while a dependency is down: a 503 problem that says when to try again.</summary>
public static class OutageAnswers
{
    /// <summary>Sends one request, asserts a 503 with the services' <c>Retry-After</c>, and returns the problem body.</summary>
    public static async Task<JsonObject> AssertRetryLaterAsync(this HttpClient client, HttpMethod method, string url, object? json = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = json is null ? null : JsonContent.Create(json) };
        using var response = await client.SendAsync(request).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{method} {url} answered {(int)response.StatusCode}: {text}");
        Assert.Equal(TimeSpan.FromSeconds(ProblemDetailsDefaults.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
        return JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException($"{method} {url}: not a JSON object: {text}");
    }
}
