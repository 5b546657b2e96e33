using System.Net;
using System.Security.Cryptography;
using Evently.Dashboard.Resources;
using Evently.Dashboard.Telemetry;
using Microsoft.AspNetCore.Server.Kestrel.Core;

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
            // Static-assets manifest and JS-initializer list are named after this (Web SDK) test assembly.
            ApplicationName = typeof(DashboardTestHost).Assembly.GetName().Name,
        });
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("DASHBOARD_TEST_LOGS") == "1")
        {
            builder.Logging.AddConsole();
        }
        ListenOptions? http1 = null, http2 = null;
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, l => http1 = l);
            k.Listen(IPAddress.Loopback, 0, l =>
            {
                l.Protocols = HttpProtocols.Http2;
                http2 = l;
            });
        });
        if (resources is not null)
        {
            builder.Services.AddSingleton(resources);
        }

        builder.Services.AddEventlyDashboard(o =>
        {
            o.BrowserToken = token;
            configure?.Invoke(o);
        });
        var app = builder.Build();
        app.MapEventlyDashboard();
        await app.StartAsync();

        // Kestrel writes the ports it bound back into the listen options.
        return new DashboardTestHost(app, token, new Uri($"http://127.0.0.1:{http1!.IPEndPoint!.Port}/"),
            new Uri($"http://127.0.0.1:{http2!.IPEndPoint!.Port}/"));
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
