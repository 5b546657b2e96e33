using Evently.Hosting.Projects;

namespace Evently.AppHost;

internal static class ServiceWiring
{
    /// <summary>What every Evently service gets: the shared JWT key, readiness on /health, and its environment overrides.</summary>
    public static IResourceBuilder<ProjectResource> WithServiceDefaults(this IResourceBuilder<ProjectResource> project,
        IResourceBuilder<ParameterResource> jwtKey, EnvironmentOverrides overrides) =>
        project
            .WithEnvironment("Jwt__Key", jwtKey)
            .WithEnvironment("Jwt__Issuer", "evently")
            .WithEnvironment("Jwt__Audience", "evently-api")
            // A stopping service flushes telemetry for at most a second, not the exporter's default ten.
            .WithEnvironment("OTEL_EXPORTER_OTLP_TIMEOUT", "1000")
            // One line per log entry in the dashboard's console view.
            .WithEnvironment("Logging__Console__FormatterName", "simple")
            .WithEnvironment("Logging__Console__FormatterOptions__SingleLine", "true")
            .WithHttpHealthCheck("/health")
            .WithEnvironmentOverrides(overrides);

    /// <summary>
    /// A service that does background work only (consumes messages, serves admins) runs at the message broker's CPU
    /// niceness when the system shares one machine (<c>Process:Nice</c>, see ServiceDefaults' <c>CpuPriority</c>), so
    /// during a burst the request path gets the cores first. Not published: a cluster gives each pod its own CPU share.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithBackgroundPriority(this IResourceBuilder<ProjectResource> project, int nice) =>
        project.WithEnvironment(context =>
        {
            if (context.ExecutionContext.IsRunMode)
            {
                context.EnvironmentVariables["Process__Nice"] = nice.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        });
}
