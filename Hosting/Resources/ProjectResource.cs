using Evently.Hosting.Health;
using Evently.Hosting.Processes;

namespace Evently.Hosting;

/// <summary>
/// A .NET service started from its build output (<c>dotnet Evently.X.dll</c>, built once by AppHost's build)
/// with configuration passed exactly as Aspire does: connection strings, service URLs, OTLP settings.
/// </summary>
public sealed class ProjectResource : Resource
{
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    public ProjectResource(string name, IProjectMetadata metadata)
        : base(name)
    {
        Metadata = metadata;
        AddEndpoint(new EndpointAnnotation("http", "http"));
    }

    public override string Type => ResourceTypes.Project;

    public IProjectMetadata Metadata { get; }

    public IReadOnlyDictionary<string, string> Environment => _environment;

    /// <summary>The public entry point (<c>WithExternalHttpEndpoints</c>).</summary>
    public bool IsExternal { get; internal set; }

    internal override TimeSpan StartupTimeout => TimeSpan.FromSeconds(120);

    internal override bool RestartOnCrash => true;

    internal void SetEnvironment(string name, string value) => _environment[name] = value;

    internal override void Validate(HostContext host)
    {
        if (!File.Exists(Metadata.AssemblyPath))
        {
            throw new ResourceException($"build output {Metadata.AssemblyPath} not found; build first (`dotnet build AppHost`).");
        }
    }

    /// <summary>The environment the service gets, in Aspire's conventions, then <paramref name="overrides"/>.</summary>
    internal Dictionary<string, string> BuildEnvironment(HostContext host, IReadOnlyDictionary<string, string> overrides)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = PrimaryEndpoint.Url,
            ["OTEL_SERVICE_NAME"] = Name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={Name}",
            // Export often, as Aspire does in development, so the dashboard is live.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "1000",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "1000",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
            ["OTEL_TRACES_SAMPLER"] = "always_on",
            // One line per log entry: readable in logs/<name>.log and the dashboard console view.
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        };
        if (host.DashboardUrl.Length > 0)
        {
            env["OTEL_EXPORTER_OTLP_ENDPOINT"] = host.DashboardUrl.TrimEnd('/');
            env["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
            if (!host.Options.DashboardUnsecured)
            {
                env["OTEL_EXPORTER_OTLP_HEADERS"] = $"x-otlp-api-key={host.Secrets.OtlpApiKey}";
            }
        }

        foreach (var reference in References)
        {
            if (reference is ProjectResource project)
            {
                env[$"services__{project.Name}__http__0"] = project.PrimaryEndpoint.Url;
            }
            else if (reference.ConnectionString is { } connectionString)
            {
                env[$"ConnectionStrings__{reference.Name}"] = connectionString;
            }
        }

        foreach (var (key, value) in _environment)
        {
            env[key] = value;
        }

        if (host.Options.ProjectEnvironment.TryGetValue(Name, out var fromCommandLine))
        {
            foreach (var (key, value) in fromCommandLine)
            {
                env[key] = value;
            }
        }

        foreach (var (key, value) in overrides)
        {
            env[key] = value;
        }

        return env;
    }

    internal override ProcessSpec CreateProcess(HostContext host, IReadOnlyDictionary<string, string> environmentOverrides) =>
        new(HostContext.DotnetHost, [Metadata.AssemblyPath])
        {
            WorkingDirectory = Path.GetDirectoryName(Metadata.AssemblyPath),
            Environment = BuildEnvironment(host, environmentOverrides),
        };

    internal override Task<HealthResult> CheckHealthAsync(HostContext host, CancellationToken ct) =>
        HttpHealthProbe.CheckAsync(new Uri(PrimaryEndpoint.Url + "/health"), ct);
}

public static class ProjectBuilderExtensions
{
    /// <summary>A .NET project from a generated <c>Projects.*</c> descriptor, e.g. <c>AddProject&lt;Projects.Gateway&gt;("gateway")</c>.</summary>
    public static IResourceBuilder<ProjectResource> AddProject<TProject>(this DistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new() =>
        builder.AddResource(new ProjectResource(name, new TProject()));
}
