using Evently.Dashboard.Auth;
using Evently.Dashboard.Components;
using Evently.Dashboard.Otlp;
using Evently.Dashboard.Resources;
using Evently.Dashboard.Telemetry;
using Evently.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.StaticWebAssets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.FluentUI.AspNetCore.Components;

namespace Evently.Dashboard;

/// <summary>The two calls a host makes: <c>services.AddEventlyDashboard(...)</c> and <c>app.MapEventlyDashboard()</c>.</summary>
public static class DashboardExtensions
{
    public static IServiceCollection AddEventlyDashboard(this IServiceCollection services, Action<DashboardOptions> configure)
    {
        var options = new DashboardOptions();
        configure(options);
        if (!options.Unsecured && string.IsNullOrEmpty(options.BrowserToken))
        {
            throw new InvalidOperationException("The dashboard needs a browser token unless it runs unsecured.");
        }

        services.AddSingleton(options);
        services.AddSingleton(new TelemetryStore(options.Limits));
        services.AddSingleton<OtlpIngest>();
        // AppHost registers its resource service; without one the dashboard shows telemetry only.
        services.TryAddSingleton<IDashboardResources>(sp => sp.GetService<IResourceService>() is { } resources
            ? new HostingResources(resources)
            : new NoResources());
        services.AddDashboardAuth(options);
        services.AddGrpc();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddFluentUIComponents();
        return services;
    }

    public static WebApplication MapEventlyDashboard(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<DashboardOptions>();
        if (!app.Environment.IsDevelopment())
        {
            // The host runs from its build output in any environment; the dashboard's CSS/JS (and the
            // component libraries') are static web assets, which ASP.NET Core otherwise finds in Development only.
            StaticWebAssetsLoader.UseStaticWebAssets(app.Environment, app.Configuration);
        }

        // Authentication and authorization middleware are added by WebApplication itself (ahead of this).
        app.UseAntiforgery();

        // OTLP is open: the services have no browser token (Aspire's OTLP endpoint is unsecured too by default).
        app.MapOtlpHttp(options.MaxOtlpRequestBytes).AllowAnonymous().DisableAntiforgery();
        app.MapGrpcService<OtlpTraceGrpcService>().AllowAnonymous();
        app.MapGrpcService<OtlpLogsGrpcService>().AllowAnonymous();
        app.MapGrpcService<OtlpMetricsGrpcService>().AllowAnonymous();

        app.MapGet("/login", (HttpContext ctx) => DashboardLogin.LoginAsync(ctx, options)).AllowAnonymous();
        app.MapDashboardApi().RequireAuthorization(DashboardLogin.Policy);

        app.MapStaticAssets(StaticAssetsManifest(app));
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .RequireAuthorization(DashboardLogin.Policy);
        return app;
    }

    /// <summary>
    /// The host's static-assets manifest when it has one (a Web SDK host lists every library's assets);
    /// otherwise the dashboard's own, which lists its CSS, FluentUI's and Plotly's files.
    /// </summary>
    private static string StaticAssetsManifest(WebApplication app)
    {
        var own = Path.Combine(AppContext.BaseDirectory, $"{app.Environment.ApplicationName}.staticwebassets.endpoints.json");
        return File.Exists(own) ? own : Path.Combine(AppContext.BaseDirectory, "Evently.Dashboard.staticwebassets.endpoints.json");
    }
}
