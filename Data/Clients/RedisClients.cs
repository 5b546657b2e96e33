using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Evently.Data;

/// <summary>
/// Aspire.StackExchange.Redis' shared multiplexer (logging, tracing) that never aborts on a failed connect, so a
/// service starts and degrades while Redis is away, and answers in 2 s at the most while it is.
/// </summary>
public static class RedisClients
{
    public static TBuilder AddEventlyRedisClient<TBuilder>(this TBuilder builder, string connectionName)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddRedisClient(connectionName,
            // Aspire's check pings, and a ping on a disconnected multiplexer waits out its timeout in the backlog;
            // RedisConnectionHealthCheck answers at once, under the connection's name as before.
            settings => settings.DisableHealthChecks = true,
            options =>
            {
                options.AbortOnConnectFail = false;
                options.ConnectTimeout = 2000;
                options.SyncTimeout = 2000;
                options.AsyncTimeout = 2000;
                options.ClientName = builder.Environment.ApplicationName;
            });
        builder.Services.AddHealthChecks()
            .AddCheck<RedisConnectionHealthCheck>(connectionName, HealthStatus.Degraded, ["ready", "cache"]);
        return builder;
    }
}
