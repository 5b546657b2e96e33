using Evently.LiveMetrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Evently.EventsService.Replica;

public static class ReplicaRegistration
{
    /// <summary>
    /// The read side: a data source on the standby (when <c>ConnectionStrings:events-db-replica</c> is given), its lag
    /// monitor, the router and write fences, the standby's figures in the live metrics and a /health entry that never
    /// fails readiness (reads fall back to the primary).
    /// </summary>
    public static WebApplicationBuilder AddEventsReadReplica(this WebApplicationBuilder builder)
    {
        var settings = ReplicaSettings.From(builder.Configuration);
        var hasStandby = builder.Configuration.GetConnectionString(ReplicaSettings.ConnectionName) is { Length: > 0 };
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(new WriteFences(enabled: hasStandby && settings.ReadFromStandby));
        builder.Services.AddSingleton<ReadRouter>();
        if (!hasStandby)
        {
            return builder;
        }

        builder.AddKeyedNpgsqlDataSource(ReplicaSettings.ConnectionName, s => s.DisableHealthChecks = true, dataSource =>
        {
            dataSource.ConnectionStringBuilder.ApplicationName ??= builder.Environment.ApplicationName;
            // A stopped standby refuses at once; one that hangs must not hold a read longer than this before the fallback.
            dataSource.ConnectionStringBuilder.Timeout = 2;
            dataSource.Name = dataSource.ConnectionStringBuilder.ApplicationName + ".replica";
        });
        builder.Services.AddSingleton<ReplicaLagMonitor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReplicaLagMonitor>());
        builder.Services.AddSingleton<IReplicaFiguresSource>(sp => sp.GetRequiredService<ReadRouter>());
        builder.Services.AddHealthChecks().AddCheck<ReplicaHealthCheck>(ReplicaSettings.ConnectionName, HealthStatus.Degraded, ["ready", "db"]);
        return builder;
    }
}
