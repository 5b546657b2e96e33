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
}
