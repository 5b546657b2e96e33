using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Evently.EventsService.Replica;

/// <summary>
/// The standby on <c>/health</c>: Degraded, never Unhealthy, while reads fall back to the primary (the service answers
/// all the same), with where reads go, why, and the lag as data.
/// </summary>
public sealed class ReplicaHealthCheck(ReadRouter router) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var f = router.Figures;
        var data = new Dictionary<string, object>
        {
            ["reads_from"] = f.ReadsFrom,
            ["reason"] = f.Reason,
            ["state"] = f.State,
            ["max_lag_ms"] = f.MaxLagMs,
        };
        if (f.LagMs is { } lag)
        {
            data["lag_ms"] = lag;
        }

        if (f.LagBytes is { } bytes)
        {
            data["lag_bytes"] = bytes;
        }

        // Before the first sample, or reads on the primary by choice: nothing is wrong.
        var healthy = f.ReadsFrom == "standby" || f.Reason is "configured" or "unknown";
        var description = healthy ? $"reads from the {f.ReadsFrom} ({f.State})" : $"reads fall back to the primary: {f.Reason}{(f.Error is null ? "" : $" ({f.Error})")}";
        return Task.FromResult(new HealthCheckResult(healthy ? HealthStatus.Healthy : HealthStatus.Degraded, description, data: data));
    }
}
