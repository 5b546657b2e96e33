using System.Text;
using Evently.Dashboard.Resources;
using Evently.Dashboard.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Evently.Dashboard;

/// <summary>Small JSON API behind the same login as the pages (downloads, scripting, tests).</summary>
internal static class DashboardApi
{
    public const string Prefix = "/_dashboard/api";

    public static RouteGroupBuilder MapDashboardApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup(Prefix);

        api.MapGet("/resources", (IDashboardResources r) => Results.Ok(new { resources = r.Snapshot(), shard_map = r.ShardMap() }));

        api.MapGet("/console/{resource}/download", (string resource, IDashboardResources r) =>
        {
            var text = new StringBuilder();
            foreach (var line in r.ConsoleLogs(resource))
            {
                text.Append(line.Time.UtcDateTime.ToString("O")).Append(line.IsError ? " ERR " : " OUT ").AppendLine(line.Text);
            }

            return Results.File(Encoding.UTF8.GetBytes(text.ToString()), "text/plain; charset=utf-8", $"{resource}.log");
        });

        api.MapGet("/traces", (TelemetryStore store, string? service) => Results.Ok(
            store.Traces().Where(t => service is null || t.Services.Contains(service)).Take(500)));
        api.MapGet("/traces/{traceId}", (string traceId, TelemetryStore store) =>
            store.Trace(traceId) is { Count: > 0 } spans ? Results.Ok(spans) : Results.NotFound());
        api.MapGet("/logs", (TelemetryStore store, string? service) => Results.Ok(
            store.Logs().Where(l => service is null || l.Service == service).Reverse().Take(500)));
        api.MapGet("/metrics", (TelemetryStore store) => Results.Ok(store.Instruments()));

        api.MapPost("/telemetry/{kind}/clear", (string kind, TelemetryStore store) =>
            WithKind(kind, k => store.Clear(k)));
        api.MapPost("/telemetry/{kind}/pause", (string kind, TelemetryStore store) =>
            WithKind(kind, k => store.SetPaused(k, true)));
        api.MapPost("/telemetry/{kind}/resume", (string kind, TelemetryStore store) =>
            WithKind(kind, k => store.SetPaused(k, false)));
        return api;
    }

    private static IResult WithKind(string kind, Action<TelemetryKind> action)
    {
        if (!Enum.TryParse<TelemetryKind>(kind, ignoreCase: true, out var k) || !Enum.IsDefined(k))
        {
            return Results.Problem(statusCode: 404, title: "Unknown telemetry kind", detail: "Use traces, logs or metrics.");
        }

        action(k);
        return Results.NoContent();
    }
}
