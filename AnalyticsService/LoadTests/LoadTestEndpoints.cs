using System.Text.Json;
using Evently.ServiceDefaults;
using Evently.ServiceDefaults.Auth;
using Evently.ServiceDefaults.OpenApi;
using Microsoft.OpenApi;

namespace Evently.AnalyticsService.LoadTests;

/// <summary><c>/api/v1/load-test</c> (admin): start (202), status and results, stop.</summary>
public static class LoadTestEndpoints
{
    public static IEndpointRouteBuilder MapLoadTestEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/load-test").RequireAuthorization(EventlyAuth.AdminPolicy).WithTags("Operations");
        group.MapPost("/start", StartAsync)
            .WithName("StartLoadTest").WithSummary("Start a load test")
            .WithDescription("A bounded load test of the gateway itself, run by the analytics service: 202 with its id, then poll it.")
            .AddOpenApiOperationTransformer(async (operation, context, ct) =>
                // The handler reads the body as JSON itself (both casings); describe what it accepts.
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(LoadTestRequest.Body), null, ct) },
                    },
                })
            .Produces<LoadTestReport.View>(StatusCodes.Status202Accepted)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        group.MapGet("/{testId}", async (string testId, LoadTestManager manager, CancellationToken ct) =>
                LoadTestManager.IsTestId(testId) && await manager.GetAsync(testId, ct) is { } view ? Results.Ok(view) : NotFound())
            .WithName("GetLoadTest").WithSummary("A load test's status and figures")
            .Produces<LoadTestReport.View>()
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost("/{testId}/stop", async (string testId, LoadTestManager manager, CancellationToken ct) =>
                LoadTestManager.IsTestId(testId) && await manager.StopAsync(testId, ct) is { } view ? Results.Ok(view) : NotFound())
            .WithName("StopLoadTest").WithSummary("Stop a load test")
            .Produces<LoadTestReport.View>()
            .ProducesProblems(StatusCodes.Status404NotFound);
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
