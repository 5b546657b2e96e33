using Yarp.ReverseProxy.Forwarder;

namespace Evently.Gateway.Proxy;

/// <summary>YARP routes from the <c>ReverseProxy</c> section; destinations (<c>http://events</c>, ...) resolved by service discovery.</summary>
public static class ProxyRegistration
{
    public static WebApplicationBuilder AddEventlyProxy(this WebApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver();
        // Registered after YARP's default so this one wins.
        builder.Services.AddSingleton<IForwarderHttpClientFactory, PooledForwarderHttpClientFactory>();
        // YARP's own span sits between the gateway's server span and the outgoing HttpClient span,
        // so a booking reads as one trace: gateway → proxy.forwarder → booking service.
        builder.Services.AddOpenTelemetry().WithTracing(t => t.AddSource("Yarp.ReverseProxy"));
        return builder;
    }

    public static WebApplication MapEventlyProxy(this WebApplication app)
    {
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<ProxyErrorMiddleware>();
        });
        return app;
    }
}
