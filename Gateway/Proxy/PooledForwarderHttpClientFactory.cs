using Yarp.ReverseProxy.Forwarder;

namespace Evently.Gateway.Proxy;

/// <summary>
/// YARP already keeps one pooled <see cref="SocketsHttpHandler"/> per cluster (no client per request);
/// this tunes it for many concurrent callers on loopback: fail fast when a service is down, recycle
/// pooled connections so a restarted service's new listener is picked up, and keep idle sockets warm
/// long enough to survive gaps between bursts. Connections per service are capped in appsettings.json
/// (<c>ReverseProxy:Clusters:{name}:HttpClient:MaxConnectionsPerServer</c>, 1024): 10,000 clients plus as many
/// upstream sockets would pass the machine's open-files limit, and further requests wait for a pooled connection.
/// </summary>
public sealed class PooledForwarderHttpClientFactory : ForwarderHttpClientFactory
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectTimeout = TimeSpan.FromSeconds(3);
        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(2);
        handler.PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90);
    }
}
