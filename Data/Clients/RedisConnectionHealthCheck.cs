using HealthChecks.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Evently.Data;

/// <summary>
/// Redis on <c>/health</c> without the wait: while the shared multiplexer is disconnected a ping would sit in its
/// reconnect backlog until the command timeout, so the connection state answers at once; once connected, the
/// library's ping check decides.
/// </summary>
public sealed class RedisConnectionHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public const string NotConnected = "Redis is not connected; reconnecting in the background.";

    private readonly RedisHealthCheck _ping = new(redis);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        redis.IsConnected
            ? _ping.CheckHealthAsync(context, cancellationToken)
            : Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, NotConnected));
}
