namespace Evently.Dashboard.Resources;

/// <summary>One resource as the Resources page shows it (filled by the orchestrator adapter).</summary>
public sealed record ResourceView(
    string Name,
    string Type,
    string State,
    int? ExitCode,
    int? Pid,
    DateTimeOffset? StartTime,
    IReadOnlyList<ResourceEndpoint> Endpoints,
    string? Health,
    string? HealthDetail,
    int RestartCount);

public sealed record ResourceEndpoint(string Name, string Url);

/// <summary>One line of a resource's stdout/stderr. <see cref="Sequence"/> grows per resource.</summary>
public sealed record ConsoleLine(long Sequence, DateTimeOffset Time, bool IsError, string Text);

/// <summary>Which PostgreSQL server holds which booking shard.</summary>
public sealed record ShardMapView(int ShardCount, IReadOnlyList<ShardView> Shards);

public sealed record ShardView(int Shard, string Resource);
