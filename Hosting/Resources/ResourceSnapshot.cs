namespace Evently.Hosting;

/// <summary>What the dashboard and the control API show of one resource at one moment.</summary>
public sealed record ResourceSnapshot
{
    public required string Name { get; init; }

    /// <summary><see cref="ResourceTypes"/>: PostgreSQL, Redis, RabbitMQ or Project.</summary>
    public required string Type { get; init; }

    public required ResourceState State { get; init; }

    public int? ExitCode { get; init; }

    /// <summary>The server or service process itself (postmaster, redis-server, beam.smp, dotnet).</summary>
    public int? Pid { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>URLs: <c>http://127.0.0.1:port</c> for projects, <c>tcp://</c>/<c>amqp://</c> for servers.</summary>
    public required IReadOnlyList<string> Endpoints { get; init; }

    /// <summary>Last health check result in words (for projects: the checks of their /health).</summary>
    public string? HealthDetail { get; init; }

    public int RestartCount { get; init; }

    /// <summary>What referencing projects receive as <c>ConnectionStrings__{Name}</c>; null for projects.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Names of the resources this one waits for.</summary>
    public required IReadOnlyList<string> WaitsFor { get; init; }

    /// <summary>Names of the resources this one references (connection strings, service URLs).</summary>
    public required IReadOnlyList<string> References { get; init; }

    /// <summary>Environment the process got (projects: as Aspire passes it; secrets included, the API is token-protected).</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    public required string LogPath { get; init; }

    public bool IsHealthy => State == ResourceState.Healthy;
}
