using System.Net;
using System.Security.Cryptography;
using Evently.Dashboard.Resources;
using Evently.Dashboard.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Evently.Dashboard.Tests.Infrastructure;

/// <summary>The dashboard alone in an in-process web host on free loopback ports (HTTP/1.1, plus HTTP/2 for OTLP/gRPC).</summary>
public sealed class DashboardTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardTestHost(WebApplication app, string token, Uri baseUrl, Uri grpcUrl)
    {
        _app = app;
        Token = token;
        BaseUrl = baseUrl;
        GrpcUrl = grpcUrl;
    }

    public string Token { get; }

    public Uri BaseUrl { get; }

    public Uri GrpcUrl { get; }

    public TelemetryStore Store => _app.Services.GetRequiredService<TelemetryStore>();

    public static async Task<DashboardTestHost> StartAsync(Action<DashboardOptions>? configure = null, IDashboardResources? resources = null)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production",
            // The dashboard's static-assets manifest (and JS-initializer list) carry its assembly name.
            ApplicationName = typeof(DashboardOptions).Assembly.GetName().Name,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2);
        });
        if (resources is not null)
        {
            builder.Services.AddSingleton(resources);
        }

        builder.AddEventlyDashboard(o =>
        {
            o.BrowserToken = token;
            configure?.Invoke(o);
        });
        var app = builder.Build();
        app.MapEventlyDashboard();
        await app.StartAsync();

        // Listen order is kept by Kestrel's address list: first HTTP/1.1, then HTTP/2.
        var list = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        return new DashboardTestHost(app, token, new Uri(list[0] + "/"), new Uri(list[1] + "/"));
    }

    /// <summary>A client that keeps cookies and does not follow redirects, optionally already logged in.</summary>
    public async Task<HttpClient> CreateClientAsync(bool loggedIn = false)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        var client = new HttpClient(handler) { BaseAddress = BaseUrl };
        if (loggedIn)
        {
            using var login = await client.GetAsync($"/login?t={Token}");
            if (login.StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"login answered {login.StatusCode}");
            }
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
