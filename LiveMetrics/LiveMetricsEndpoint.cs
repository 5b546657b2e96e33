using Evently.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Evently.LiveMetrics;

/// <summary>
/// Live metrics in every service: the collector (started with the app), the <c>client.region</c> tag on request
/// metrics, and <c>GET /internal/metrics</c>. The endpoint asks for an admin token: the gateway answers its own
/// routes on the public address too, and these figures are for admins (analytics forwards the admin's token).
/// </summary>
public static class LiveMetricsEndpoint
{
    public const string Path = "/internal/metrics";

    public static TBuilder AddLiveMetrics<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddSingleton<LiveMetricsCollector>();
        builder.Services.AddTransient<IStartupFilter, RegionTagStartupFilter>();
        return builder;
    }

    public static IEndpointRouteBuilder MapLiveMetrics(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, async (LiveMetricsCollector collector, CancellationToken ct) => Results.Ok(await collector.SnapshotAsync(ct)))
            .RequireAuthorization(EventlyAuth.AdminPolicy)
            .DisableRateLimiting();
        return app;
    }

    /// <summary>First in the pipeline: starts the collector and tags each request's metrics with the client's region.</summary>
    private sealed class RegionTagStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            // Resolving the singleton starts its listener before the first request is measured.
            app.ApplicationServices.GetRequiredService<LiveMetricsCollector>();
            app.Use((context, nextMiddleware) =>
            {
                context.Features.Get<IHttpMetricsTagsFeature>()?.Tags.Add(new(ClientRegion.TagName, ClientRegion.Of(context.Request)));
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
