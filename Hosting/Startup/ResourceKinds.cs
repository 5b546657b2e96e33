using Aspire.Hosting.ApplicationModel;
using Evently.Hosting.Servers;

namespace Evently.Hosting.Startup;

public static class ResourceKinds
{
    public static string Of(IResource resource) => resource switch
    {
        ServerResource server => server.Kind,
        ProjectResource => "Project",
        _ => "Executable",
    };

    public static bool IsHealthy(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text == KnownResourceStates.Running && snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy;

    /// <summary>A process of ours that runs for the whole session, not one of Aspire's helpers (its project rebuilders are internal, hence the name).</summary>
    public static bool IsLongRunning(IResource resource) =>
        resource is ExecutableResource or ProjectResource
        && resource.GetType().Name != "ProjectRebuilderResource"
        && !resource.Annotations.OfType<HiddenAnnotation>().Any();
}
