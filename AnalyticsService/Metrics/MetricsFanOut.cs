using Evently.AnalyticsService.Services;
using Evently.LiveMetrics;
using Evently.ServiceDefaults;

namespace Evently.AnalyticsService.Metrics;

/// <summary>
/// Asks every service for its <c>/internal/metrics</c> snapshot in parallel (analytics' own comes from its collector).
/// A service that does not answer in time is listed with the reason, and its figures are simply missing.
/// </summary>
public sealed class MetricsFanOut(IHttpClientFactory httpClients, ServiceDirectory directory, LiveMetricsCollector self,
    ILogger<MetricsFanOut> logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public sealed record ServiceSnapshot(string Service, LiveMetricsSnapshot? Snapshot, string? Error);

    /// <param name="authorization">The admin's <c>Authorization</c> header, forwarded: the endpoints are admin-only.</param>
    public async Task<IReadOnlyList<ServiceSnapshot>> FetchAllAsync(string? authorization, CancellationToken ct)
    {
        var remote = ServiceDirectory.All.Where(s => s != "analytics").Select(s => FetchAsync(s, authorization, ct));
        var own = Task.Run(async () => new ServiceSnapshot("analytics", await self.SnapshotAsync(ct), null), ct);
        return await Task.WhenAll([.. remote, own]);
    }

    private async Task<ServiceSnapshot> FetchAsync(string service, string? authorization, CancellationToken ct)
    {
        if (!directory.IsConfigured(service))
        {
            return new ServiceSnapshot(service, null, $"The {service} service is not configured for analytics.");
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            using var request = new HttpRequestMessage(HttpMethod.Get, ServiceDirectory.Address(service, LiveMetricsEndpoint.Path));
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await httpClients.CreateClient(HttpClientNames.Internal).SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return new ServiceSnapshot(service, null, $"The {service} service answered {(int)response.StatusCode}.");
            }

            var snapshot = await response.Content.ReadFromJsonAsync<LiveMetricsSnapshot>(EventlyJson.Options, timeout.Token);
            return new ServiceSnapshot(service, snapshot, snapshot is null ? "Empty answer." : null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            if (ct.IsCancellationRequested)
            {
                throw;
            }

            logger.LogWarning("Metrics from {Service} unavailable: {Reason}", service, ex.Message);
            return new ServiceSnapshot(service, null, $"The {service} service is unavailable: {ex.Message}");
        }
    }
}
