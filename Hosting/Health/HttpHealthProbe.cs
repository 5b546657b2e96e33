using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Evently.Hosting.Health;

/// <summary>
/// GET /health of a project: 200 is healthy. The detail lists the service's own checks (its databases,
/// broker, downstream services) so the dashboard shows why a service is unhealthy.
/// </summary>
internal static class HttpHealthProbe
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    public static async Task<HealthResult> CheckAsync(Uri url, CancellationToken ct)
    {
        try
        {
            using var response = await Client.GetAsync(url, ct).ConfigureAwait(false);
            var detail = await DescribeAsync(response, ct).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? HealthResult.Healthy(detail)
                : HealthResult.Unhealthy($"HTTP {(int)response.StatusCode}: {detail}");
        }
        catch (HttpRequestException e)
        {
            return HealthResult.Unhealthy(e.Message);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return HealthResult.Unhealthy("/health did not answer within 5 s");
        }
    }

    private static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct).ConfigureAwait(false);
            if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("checks", out var checks) || checks.ValueKind != JsonValueKind.Object)
            {
                return response.ReasonPhrase ?? "";
            }

            var text = new StringBuilder();
            foreach (var check in checks.EnumerateObject())
            {
                var status = check.Value.TryGetProperty("status", out var s) ? s.ToString() : "?";
                text.Append(text.Length > 0 ? ", " : "").Append(check.Name).Append(": ").Append(status);
                if (status != "Healthy" && check.Value.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String)
                {
                    text.Append(" (").Append(d.GetString()).Append(')');
                }
            }

            return text.ToString();
        }
        catch (JsonException)
        {
            return response.ReasonPhrase ?? "";
        }
    }
}
