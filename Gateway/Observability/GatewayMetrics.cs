using System.Diagnostics.Metrics;

namespace Evently.Gateway.Observability;

/// <summary>
/// The gateway's own instruments on meter <c>Evently.Gateway</c> (exported over OTLP with every <c>Evently.*</c> meter):
/// rate-limit rejections by policy, booking writes shed at the front door, and requests by client region for the analytics' geographic distribution.
/// </summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "Evently.Gateway";
    public const string RateLimitHitsName = "evently.gateway.rate_limit_hits";
    public const string RequestsName = "evently.gateway.requests";
    public const string ShedName = "evently.gateway.shed";

    private readonly Counter<long> _rateLimitHits;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _shed;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _rateLimitHits = meter.CreateCounter<long>(RateLimitHitsName, "{request}",
            "Requests rejected by the gateway's rate limiter, tagged by policy (user, anonymous, login).");
        _requests = meter.CreateCounter<long>(RequestsName, "{request}",
            "Requests received by the gateway, tagged by client region from X-Client-Region (unknown when absent).");
        _shed = meter.CreateCounter<long>(ShedName, "{request}",
            "Booking writes refused with 503 because this gateway already had its bound of them in flight.");
    }

    public void RateLimitHit(string policy) => _rateLimitHits.Add(1, new KeyValuePair<string, object?>("policy", policy));

    public void Shed() => _shed.Add(1);

    public void Request(string region) => _requests.Add(1, new KeyValuePair<string, object?>("region", region));
}
