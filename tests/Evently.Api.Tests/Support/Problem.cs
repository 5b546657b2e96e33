using System.Net;
using System.Text.Json;

namespace Evently.Api.Tests.Support;

/// <summary>Checks the error shape every Evently error shares: problem+json with <c>success: false</c> and <c>error</c>.</summary>
public static class Problem
{
    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("error").GetString()));
        return body;
    }

    public static string Detail(JsonElement problem) => problem.GetProperty("detail").GetString() ?? "";
}
