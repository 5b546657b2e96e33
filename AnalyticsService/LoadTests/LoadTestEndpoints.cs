using System.Text.Json;
using Evently.ServiceDefaults;
using Evently.ServiceDefaults.Auth;

namespace Evently.AnalyticsService.LoadTests;

/// <summary><c>/api/v1/load-test</c> (admin): start (202), status and results, stop.</summary>
public static class LoadTestEndpoints
{
    public static IEndpointRouteBuilder MapLoadTestEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/load-test").RequireAuthorization(EventlyAuth.AdminPolicy);
        group.MapPost("/start", StartAsync);
        group.MapGet("/{testId}", async (string testId, LoadTestManager manager, CancellationToken ct) =>
            LoadTestManager.IsTestId(testId) && await manager.GetAsync(testId, ct) is { } view ? Results.Ok(view) : NotFound());
        group.MapPost("/{testId}/stop", async (string testId, LoadTestManager manager, CancellationToken ct) =>
            LoadTestManager.IsTestId(testId) && await manager.StopAsync(testId, ct) is { } view ? Results.Ok(view) : NotFound());
        return app;
    }

    private static async Task<IResult> StartAsync(JsonElement body, HttpRequest http, LoadTestManager manager, CancellationToken ct)
    {
        var (request, problem) = LoadTestRequest.Parse(body);
        if (problem is not null)
        {
            return problem;
        }

        return await manager.StartAsync(request!, http.Headers.Authorization.ToString(), ct) switch
        {
            LoadTestManager.StartResult.Started s => Results.Accepted($"/api/v1/load-test/{s.Run.Id}", LoadTestReport.From(s.Run)),
            LoadTestManager.StartResult.AlreadyRunning => EventlyResults.Conflict("A load test is already running; wait for it to finish or stop it."),
            _ => EventlyResults.ServiceUnavailable("The gateway's address is not configured for the analytics service, so no load test can run."),
        };
    }

    private static IResult NotFound() => EventlyResults.NotFound("Load test not found.");
}
