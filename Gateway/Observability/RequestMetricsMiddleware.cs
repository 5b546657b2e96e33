using Evently.ServiceDefaults;

namespace Evently.Gateway.Observability;

/// <summary>Counts each API request by client region; health probes are not traffic.</summary>
public sealed class RequestMetricsMiddleware(RequestDelegate next, GatewayMetrics metrics, ClientRegion regions)
{
    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments(Extensions.HealthEndpointPath) && !path.StartsWithSegments(Extensions.AlivenessEndpointPath))
        {
            metrics.Request(regions.Of(context.Request));
        }

        return next(context);
    }
}
