namespace Evently.LiveMetrics;

/// <summary>
/// One process's live figures as <c>GET /internal/metrics</c> returns them: request counts and a mergeable latency
/// histogram over the last hour (minute buckets), current gauges (connections, in-flight requests, connection pools)
/// and the process's counters (<c>Counters</c>: last hour; <c>CounterTotals</c>: since the process started, for exact
/// before/after differences). The analytics service adds these up across services. <c>Replicas</c>: the read replicas
/// the service reads from (the events service's standby), absent for the others.
/// </summary>
public sealed record LiveMetricsSnapshot(
    string Service,
    int ProcessId,
    DateTimeOffset TakenAt,
    double WindowSeconds,
    RequestFigures Requests,
    IReadOnlyList<long> LatencyCounts,
    double LatencySumMs,
    IReadOnlyDictionary<string, long> Regions,
    IReadOnlyDictionary<string, long> Counters,
    IReadOnlyDictionary<string, long> CounterTotals,
    long ActiveRequests,
    long ActiveConnections,
    IReadOnlyList<PoolFigures> DatabasePools,
    DatabaseOperations DatabaseOperations,
    long? CacheMemoryBytes,
    IReadOnlyList<ReplicaFigures>? Replicas = null);

/// <param name="Total">Requests answered in the window (health probes and metric scrapes excluded).</param>
/// <param name="LastMinute">Requests answered in the last 60 seconds (for a current rate).</param>
public sealed record RequestFigures(long Total, long ServerErrors, long ClientErrors, long RateLimited, long LastMinute);

/// <param name="Name">The pool's data source name.</param>
public sealed record PoolFigures(string Name, long Used, long Idle, long Max);

/// <param name="Count">Database commands completed in the window.</param>
public sealed record DatabaseOperations(long Count, double SumMs);
