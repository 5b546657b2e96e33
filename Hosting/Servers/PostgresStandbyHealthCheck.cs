using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Evently.Hosting.Servers;

/// <summary>Healthy when the standby answers a query and is still in recovery (a promoted standby is no longer one).</summary>
internal sealed class PostgresStandbyHealthCheck(Func<string> connectionString) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var cs = new NpgsqlConnectionStringBuilder(connectionString()) { Pooling = false, Timeout = 3, ApplicationName = "evently-apphost" };
            await using var connection = new NpgsqlConnection(cs.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true
                ? HealthCheckResult.Healthy("in recovery, serving reads")
                : new HealthCheckResult(context.Registration.FailureStatus, "not in recovery: this server is no longer a standby");
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, e.Message, e);
        }
    }
}
