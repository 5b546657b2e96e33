using Evently.AnalyticsService.Services;
using Evently.Data;
using Evently.ServiceDefaults;

namespace Evently.AnalyticsService.Reports;

/// <summary>
/// Gathers the key queries' measured timings from the services that own them (<c>GET /internal/query-performance</c>).
/// A service that cannot answer is reported as unavailable with the reason; no number is ever made up.
/// </summary>
public sealed class QueryPerformanceClient(IHttpClientFactory httpClients, ServiceDirectory directory, ILogger<QueryPerformanceClient> logger)
{
    /// <summary>Which service owns which measured query.</summary>
    public static readonly IReadOnlyList<(string Service, string[] Queries)> Owners =
    [
        ("events", ["events_by_date"]),
        ("booking", ["user_bookings", "event_bookings"]),
        ("waitlist", ["waitlist_position"]),
    ];

    public sealed record Result(string Name, string Service, QueryTiming? Timing, string? Error);

    public async Task<IReadOnlyList<Result>> FetchAsync(CancellationToken ct)
    {
        var perService = await Task.WhenAll(Owners.Select(o => FetchServiceAsync(o.Service, o.Queries, ct)));
        return [.. perService.SelectMany(r => r)];
    }

    private async Task<IEnumerable<Result>> FetchServiceAsync(string service, string[] queries, CancellationToken ct)
    {
        if (!directory.IsConfigured(service))
        {
            return queries.Select(q => new Result(q, service, null, $"The {service} service is not configured for analytics."));
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var client = httpClients.CreateClient(HttpClientNames.Internal);
            var timings = await client.GetFromJsonAsync<Dictionary<string, QueryTiming>>(
                ServiceDirectory.Address(service, "/internal/query-performance"), EventlyJson.Options, timeout.Token) ?? [];
            return queries.Select(q => timings.TryGetValue(q, out var t)
                ? new Result(q, service, t, null)
                : new Result(q, service, null, $"The {service} service did not report {q}."));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            if (ct.IsCancellationRequested)
            {
                throw;
            }

            logger.LogWarning("Query performance from {Service} unavailable: {Reason}", service, ex.Message);
            return queries.Select(q => new Result(q, service, null, $"The {service} service is unavailable: {ex.Message}"));
        }
    }
}
