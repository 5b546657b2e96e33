using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Evently.Hosting;

/// <summary>
/// Token-protected JSON API of AppHost under <c>/api</c>: what runs, console logs, and start/stop/restart
/// (used by the test fixture and scripts; the dashboard UI calls <see cref="IResourceService"/> directly).
/// </summary>
public static class ControlApi
{
    /// <summary>Body of start/restart: environment overrides for a project, kept until its next restart.</summary>
    public sealed record ActionRequest(Dictionary<string, string>? Environment);

    public static IEndpointRouteBuilder MapControlApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter(async (context, next) =>
        {
            var auth = context.HttpContext.RequestServices.GetRequiredService<DashboardAuth>();
            return auth.IsAuthorized(context.HttpContext)
                ? await next(context).ConfigureAwait(false)
                : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                    detail: "Pass the dashboard token as 'Authorization: Bearer <token>' or '?t=<token>'.");
        });

        api.MapGet("/info", (IResourceService resources) => Json(new
        {
            info = resources.Info,
            booking_shards = resources.BookingShards,
            resources = resources.GetResources(),
        }));
        api.MapGet("/resources", (IResourceService resources) => Json(resources.GetResources()));
        api.MapGet("/resources/{name}", (string name, IResourceService resources) =>
            resources.GetResource(name) is { } snapshot ? Json(snapshot) : NotFound(name));
        api.MapPost("/resources/{name}/start", (string name, ActionRequest? body, IResourceService resources, CancellationToken ct) =>
            Act(resources, name, () => resources.StartAsync(name, body?.Environment, ct)));
        api.MapPost("/resources/{name}/stop", (string name, IResourceService resources, CancellationToken ct) =>
            Act(resources, name, () => resources.StopAsync(name, ct)));
        api.MapPost("/resources/{name}/restart", (string name, ActionRequest? body, IResourceService resources, CancellationToken ct) =>
            Act(resources, name, () => resources.RestartAsync(name, body?.Environment, ct)));
        api.MapGet("/resources/{name}/logs", (string name, int? tail, IResourceService resources) =>
            resources.GetResource(name) is null ? NotFound(name) : Json(resources.GetConsoleLogs(name, tail)));
        api.MapGet("/resources/{name}/logs/stream", StreamLogsAsync);
        return app;
    }

    private static async Task<IResult> Act(IResourceService resources, string name, Func<Task<ResourceSnapshot>> action)
    {
        if (resources.GetResource(name) is null)
        {
            return NotFound(name);
        }

        try
        {
            return Json(await action().ConfigureAwait(false));
        }
        catch (ResourceException e)
        {
            var tail = string.Join('\n', resources.GetConsoleLogs(name, 15).Select(l => l.Text));
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"{name} failed",
                detail: $"{name}: {e.Message}\n{tail}");
        }
    }

    /// <summary>Server-sent events: one <c>data:</c> JSON line per console line, backlog first.</summary>
    private static async Task StreamLogsAsync(string name, HttpContext context, IResourceService resources)
    {
        if (resources.GetResource(name) is null)
        {
            await NotFound(name).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        var ct = context.RequestAborted;
        try
        {
            await foreach (var line in resources.WatchConsoleLogsAsync(name, ct).ConfigureAwait(false))
            {
                await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(line, Compact)}\n\n", ct).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private static readonly JsonSerializerOptions Compact = new(HostingJson.Options) { WriteIndented = false };

    private static IResult Json(object value) => Results.Json(value, HostingJson.Options);

    private static IResult NotFound(string name) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No resource named '{name}'.");
}
