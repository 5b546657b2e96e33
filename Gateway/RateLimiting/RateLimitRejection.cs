using System.Globalization;
using System.Threading.RateLimiting;
using Evently.Gateway.Observability;
using Evently.ServiceDefaults;
using Microsoft.AspNetCore.RateLimiting;

namespace Evently.Gateway.RateLimiting;

/// <summary>429 problem+json with <c>Retry-After</c>, counted on <c>evently.gateway.rate_limit_hits</c> by policy.</summary>
public sealed class RateLimitRejection(GatewayMetrics metrics)
{
    public async ValueTask RejectAsync(OnRejectedContext context, string policy, CancellationToken ct)
    {
        metrics.RateLimitHit(policy);
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        var http = context.HttpContext;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var detail = policy == RateLimitPolicies.Login
            ? $"Too many sign-in attempts from this address. Try again in {seconds} s."
            : $"Too many requests. Try again in {seconds} s.";
        await EventlyResults.Problem(StatusCodes.Status429TooManyRequests, detail).ExecuteAsync(http);
    }
}
