using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;
using StackExchange.Redis;

namespace Evently.ServiceDefaults.Redis;

/// <summary>
/// Stands in for Aspire.StackExchange.Redis: one shared multiplexer from <c>ConnectionStrings:{name}</c>.
/// It never aborts on a failed connect, so a service starts and degrades while Redis is away.
/// </summary>
public static class RedisClient
{
    public static TBuilder AddRedisClient<TBuilder>(this TBuilder builder, string connectionName,
        HealthStatus failureStatus = HealthStatus.Degraded)
        where TBuilder : IHostApplicationBuilder
    {
        var connectionString = Data.NpgsqlClient.GetConnectionString(builder.Configuration, connectionName);
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 2000;
        options.SyncTimeout = 2000;
        options.AsyncTimeout = 2000;
        options.ClientName = builder.Environment.ApplicationName;

        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        builder.Services.AddHealthChecks().AddCheck<RedisConnectionHealthCheck>(connectionName, failureStatus, ["ready", "cache"]);
        // Resolves the multiplexer registered above.
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddRedisInstrumentation());
        return builder;
    }
}
