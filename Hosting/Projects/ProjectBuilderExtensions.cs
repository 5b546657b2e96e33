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
}
