using System.Text.Json.Nodes;
using Evently.ServiceDefaults.Auth;

namespace Evently.AnalyticsService.Metrics;

/// <summary><c>GET /api/v1/tracing/metrics</c> (admin): live figures added up across every service.</summary>
public static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapSystemMetricsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/tracing/metrics", async (HttpRequest request, MetricsFanOut fanOut, TimeProvider clock, CancellationToken ct) =>
        {
            var snapshots = await fanOut.FetchAllAsync(request.Headers.Authorization.ToString(), ct);
            return Results.Ok(SystemMetricsReport.Build(snapshots, clock.GetUtcNow()));
        }).RequireAuthorization(EventlyAuth.AdminPolicy)
            .WithTags("Operations").WithName("GetSystemMetrics").WithSummary("Live system metrics")
            .WithDescription("The seed's `system_performance` and `request_metrics`, added up across every service (request " +
                "figures are the gateway's), with `services` saying which answered. Its nested shape is not described yet.")
            .Produces<JsonObject>();
        return app;
    }
}
