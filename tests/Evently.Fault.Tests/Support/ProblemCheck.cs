using System.Text.Json;

namespace Evently.Fault.Tests;

/// <summary>Checks one answer to a bad request: a 4xx problem+json with <c>success: false</c> and a non-empty <c>error</c>.</summary>
internal static class ProblemCheck
{
    /// <returns>Null when the answer is right, else what is wrong with it.</returns>
    public static async Task<string?> CheckAsync(HttpClient client, BadRequest bad)
    {
        using var request = new HttpRequestMessage(bad.Method, bad.Path);
        if (bad.Body is not null)
        {
            request.Content = new StringContent(bad.Body);
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(bad.ContentType);
        }

        if (bad.Token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", bad.Token.Contains(' ', StringComparison.Ordinal) ? bad.Token : $"Bearer {bad.Token}");
        }

        if (bad.Body is { Length: > 60_000 })
        {
            // As a well-behaved client uploads big bodies: the gateway can refuse (413) before the body is sent. Without
            // it, a server that answers early and closes resets the socket, and the client may lose the answer.
            request.Headers.ExpectContinue = true;
        }

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request);
        }
        catch (HttpRequestException e)
        {
            return $"{bad.Method} {Trim(bad.Path)} [{bad.Name}]: no answer ({e.Message} {e.InnerException?.Message})";
        }

        using var owned = response;
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        var type = response.Content.Headers.ContentType?.MediaType;
        string? problem = null;
        if (status is < 400 or >= 500)
        {
            problem = $"status {status}";
        }
        else if (type != "application/problem+json")
        {
            problem = $"status {status} with content-type '{type}'";
        }
        else
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                var root = doc.RootElement;
                if (!root.TryGetProperty("success", out var success) || success.ValueKind != JsonValueKind.False)
                {
                    problem = $"status {status} without success:false";
                }
                else if (!root.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.String || error.GetString()!.Length == 0)
                {
                    problem = $"status {status} without an error message";
                }
            }
            catch (JsonException)
            {
                problem = $"status {status} with a body that is not JSON";
            }
        }

        return problem is null ? null : $"{bad.Method} {Trim(bad.Path)} [{bad.Name}]: {problem}: {Trim(text)}";
    }

    private static string Trim(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
