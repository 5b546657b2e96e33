using System.Diagnostics.Metrics;

namespace Evently.Gateway.Observability;

/// <summary>
/// The gateway's own instruments on meter <c>Evently.Gateway</c> (exported over OTLP with every <c>Evently.*</c> meter):
/// rate-limit rejections by policy, and requests by client region for the analytics' geographic distribution.
/// </summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "Evently.Gateway";
    public const string RateLimitHitsName = "evently.gateway.rate_limit_hits";
    public const string RequestsName = "evently.gateway.requests";

    private readonly Counter<long> _rateLimitHits;
    private readonly Counter<long> _requests;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _rateLimitHits = meter.CreateCounter<long>(RateLimitHitsName, "{request}",
            "Requests rejected by the gateway's rate limiter, tagged by policy (user, anonymous, login).");
        _requests = meter.CreateCounter<long>(RequestsName, "{request}",
            "Requests received by the gateway, tagged by client region from X-Client-Region (unknown when absent).");
    }

    public void RateLimitHit(string policy) => _rateLimitHits.Add(1, new KeyValuePair<string, object?>("policy", policy));

    public void Request(string region) => _requests.Add(1, new KeyValuePair<string, object?>("region", region));
}
