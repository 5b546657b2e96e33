using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Evently.Hosting.Projects;

public static class ProjectBuilderExtensions
{
    /// <summary>Applies <paramref name="overrides"/> for this project at every start.</summary>
    public static IResourceBuilder<ProjectResource> WithEnvironmentOverrides(this IResourceBuilder<ProjectResource> project, EnvironmentOverrides overrides) =>
        project.WithEnvironment(context =>
        {
            foreach (var (key, value) in overrides.For(project.Resource.Name))
            {
                context.EnvironmentVariables[key] = value;
            }
        });

    /// <summary>
    /// HTTP on a fixed loopback port. One replica listens on it itself, not behind Aspire's endpoint proxy: the proxy
    /// would add a hop to every request of an on-sale, and a restarted service must come back where its callers point.
    /// Several replicas each listen on a port of their own and Aspire's proxy, on the fixed port, spreads connections
    /// across them, so callers keep one address whatever the count.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithServiceHttpEndpoint(this IResourceBuilder<ProjectResource> project, int replicas, int port = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        var chosen = Servers.FreePort.OrFree(port);
        return replicas == 1
            ? project.WithHttpEndpoint(port: chosen, targetPort: chosen, isProxied: false)
            : project.WithHttpEndpoint(port: chosen, isProxied: true).WithReplicas(replicas);
    }

    /// <summary>The name of the endpoint <see cref="WithHttp2Endpoint"/> adds (<c>http://_h2c.{service}</c> to service discovery).</summary>
    public const string Http2EndpointName = "h2c";

    /// <summary>
    /// Run mode: a second endpoint, HTTP/2 only, for the gateway's forwarding (<see cref="WithHttp2Forwarding"/>). The
    /// service is told which port it is (<c>Evently__Http2Port</c>), since Kestrel speaks HTTP/2 without TLS only on an
    /// endpoint that speaks nothing else. Placed like <see cref="WithServiceHttpEndpoint"/>. Publish mode keeps the one
    /// HTTP endpoint (the Kubernetes translation knows only that one).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithHttp2Endpoint(this IResourceBuilder<ProjectResource> project, int replicas)
    {
        if (!project.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            return project;
        }

        var chosen = Servers.FreePort.OrFree(0);
        project = replicas == 1
            ? project.WithHttpEndpoint(port: chosen, targetPort: chosen, name: Http2EndpointName, isProxied: false)
            : project.WithHttpEndpoint(name: Http2EndpointName, isProxied: true);
        var endpoint = project.GetEndpoint(Http2EndpointName);
        return project.WithEnvironment(context => context.EnvironmentVariables["Evently__Http2Port"] = endpoint.Property(EndpointProperty.TargetPort));
    }

    /// <summary>
    /// Run mode: the gateway forwards <paramref name="service"/>'s routes (its YARP cluster of the same name) to its
    /// HTTP/2 endpoint. An on-sale's thousand bookings in flight then share a few multiplexed connections instead of
    /// holding one connection each, and a connection's frames go out in fewer socket writes: on these machines a
    /// system call is the dearest thing on the request path (see bench/results/profile-machine-atomic-1000.md).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithHttp2Forwarding(this IResourceBuilder<ProjectResource> gateway,
        IResourceBuilder<ProjectResource> service)
    {
        if (!gateway.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            return gateway;
        }

        var name = service.Resource.Name;
        var cluster = $"ReverseProxy__Clusters__{name}";
        return gateway
            .WithEnvironment($"{cluster}__Destinations__{name}__Address", $"http://_{Http2EndpointName}.{name}")
            .WithEnvironment($"{cluster}__HttpRequest__Version", "2")
            .WithEnvironment($"{cluster}__HttpRequest__VersionPolicy", "RequestVersionExact")
            .WithEnvironment($"{cluster}__HttpClient__EnableMultipleHttp2Connections", "true");
    }
}
