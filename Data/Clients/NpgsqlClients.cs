using Aspire.Npgsql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Evently.Data;

/// <summary>
/// Aspire.Npgsql's data sources (pooling, logging, tracing, metrics) as every Evently service wants them: connections
/// carry the service's name as Application Name, and each database's health check is named after its connection.
/// </summary>
public static class NpgsqlClients
{
    public static TBuilder AddEventlyNpgsqlDataSource<TBuilder>(this TBuilder builder, string connectionName)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddNpgsqlDataSource(connectionName, WithoutAspireHealthCheck, NamedAfter(builder));
        return builder.AddHealthCheck(connectionName);
    }

    /// <summary>A data source under the key <paramref name="connectionName"/>, for a service of several servers (booking shards).</summary>
    public static TBuilder AddKeyedEventlyNpgsqlDataSource<TBuilder>(this TBuilder builder, string connectionName)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddKeyedNpgsqlDataSource(connectionName, WithoutAspireHealthCheck, NamedAfter(builder));
        return builder.AddHealthCheck(connectionName);
    }

    // Aspire names its check after the library ("PostgreSql…"); /health has always listed databases by connection name.
    private static void WithoutAspireHealthCheck(NpgsqlSettings settings) => settings.DisableHealthChecks = true;

    private static Action<NpgsqlDataSourceBuilder> NamedAfter(IHostApplicationBuilder builder) => dataSource =>
    {
        dataSource.ConnectionStringBuilder.ApplicationName ??= builder.Environment.ApplicationName;
        dataSource.Name = dataSource.ConnectionStringBuilder.ApplicationName;
    };

    /// <remarks>
    /// On the connection string, so with a small pool of its own: a service pool that a burst has saturated cannot make
    /// /health wait (and the orchestrator see a dead service).
    /// </remarks>
    private static TBuilder AddHealthCheck<TBuilder>(this TBuilder builder, string connectionName)
        where TBuilder : IHostApplicationBuilder
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{connectionName} is not configured.");
        builder.Services.AddHealthChecks().AddNpgSql(connectionString, name: connectionName, tags: ["ready", "db"]);
        return builder;
    }
}
