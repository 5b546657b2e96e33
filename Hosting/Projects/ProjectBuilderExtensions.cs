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
    /// Plain HTTP on a fixed loopback port, not behind Aspire's endpoint proxy: the proxy would add a hop to every
    /// request of an on-sale, and a restarted service must come back where its callers point.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDirectHttpEndpoint(this IResourceBuilder<ProjectResource> project, int port = 0)
    {
        var chosen = Servers.FreePort.OrFree(port);
        return project.WithHttpEndpoint(port: chosen, targetPort: chosen, isProxied: false);
    }
}
