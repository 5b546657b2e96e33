using Evently.ServiceDefaults.Auth;

namespace Evently.AnalyticsService.Reports;

/// <summary><c>GET /api/v1/analytics</c> (admin): business aggregates from analytics' tables plus the owners' query timings.</summary>
public static class AnalyticsEndpoints
{
    public static IEndpointRouteBuilder MapAnalyticsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/analytics", GetAsync).RequireAuthorization(EventlyAuth.AdminPolicy);
        return app;
    }

    private static async Task<IResult> GetAsync(AnalyticsQueries queries, QueryPerformanceClient performance, TimeProvider clock, CancellationToken ct)
    {
        var timings = performance.FetchAsync(ct);
        var snapshot = await queries.ReadAsync(ct);
        return Results.Ok(AnalyticsReport.Build(snapshot, await timings, clock.GetUtcNow()));
    }
}
