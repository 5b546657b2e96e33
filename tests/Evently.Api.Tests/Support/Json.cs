using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Evently.Api.Tests.Support;

public static class Json
{
    /// <summary>A body sent exactly as written, to test what the API does with malformed input.</summary>
    public static StringContent Raw(string json) => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Raw(json) };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return await client.SendAsync(request);
    }
}
