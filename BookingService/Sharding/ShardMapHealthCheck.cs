using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Evently.BookingService.Sharding;

/// <summary>Shows the shard map on <c>/health</c> (always healthy: each shard has its own database check).</summary>
public sealed class ShardMapHealthCheck(ShardMap map) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(map.Describe())
        {
            ["shard_count"] = map.Count,
            ["placement"] = "xxhash32(event_id, big-endian bytes) mod shard_count",
        };
        return Task.FromResult(HealthCheckResult.Healthy($"{map.Count} booking shards", data));
    }
}
