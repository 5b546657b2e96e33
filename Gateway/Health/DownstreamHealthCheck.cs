using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Evently.Gateway.Health;

/// <summary>
/// Asks one service's <c>/health</c> through service discovery (<c>http://{service}/health</c>) and reports its
/// verdict. A service that is down makes the gateway degraded, not unhealthy: the gateway still serves the others.
/// </summary>
public sealed class DownstreamHealthCheck(IHttpClientFactory clients, string service) : IHealthCheck
{
    public const string ClientName = "downstream-health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failure = context.Registration.FailureStatus;
        var url = $"http://{service}/health";
        try
        {
            using var response = await clients.CreateClient(ClientName).GetAsync(url, cancellationToken);
            var status = await ReadStatusAsync(response, cancellationToken);
            return status switch
            {
                "Healthy" when response.IsSuccessStatusCode => HealthCheckResult.Healthy($"{service} is healthy"),
                "Degraded" when response.IsSuccessStatusCode => HealthCheckResult.Degraded($"{service} is degraded"),
                _ => new HealthCheckResult(failure, $"{service} answered {(int)response.StatusCode} {status}".TrimEnd()),
            };
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or TaskCanceledException)
        {
            return new HealthCheckResult(failure, $"{service} is unreachable: {e.Message}");
        }
    }

    private static async Task<string> ReadStatusAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: ct);
            return json.RootElement.TryGetProperty("status", out var status) ? status.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
