using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Evently.ServiceDefaults;

/// <summary>
/// The service's HTTP/2-only endpoint (<c>Evently:Http2Port</c>, set by the AppHost): the gateway forwards a service's
/// requests over a few multiplexed HTTP/2 connections there instead of one HTTP/1.1 connection per request in flight.
/// Kestrel speaks HTTP/2 without TLS (prior knowledge, "h2c") only on an endpoint that speaks nothing else, so that
/// port gets HTTP/2 alone and every other endpoint keeps HTTP/1.1 for browsers, probes and other callers.
/// </summary>
public static class Http2Endpoint
{
    public const string PortKey = "Evently:Http2Port";

    public static TBuilder AddHttp2Endpoint<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (builder.Configuration.GetValue<int?>(PortKey) is { } port)
        {
            builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
            {
                if (listen.IPEndPoint?.Port == port)
                {
                    listen.Protocols = HttpProtocols.Http2;
                }
            }));
        }

        return builder;
    }
}
