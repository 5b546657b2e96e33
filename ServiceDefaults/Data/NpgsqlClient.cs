using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Evently.ServiceDefaults.Data;

/// <summary>
/// Stands in for Aspire.Npgsql: a pooled <see cref="NpgsqlDataSource"/> from <c>ConnectionStrings:{name}</c>,
/// with a health check, tracing and metrics.
/// </summary>
public static class NpgsqlClient
{
    public static TBuilder AddNpgsqlDataSource<TBuilder>(this TBuilder builder, string connectionName)
        where TBuilder : IHostApplicationBuilder
    {
        var connectionString = GetConnectionString(builder.Configuration, connectionName);
        builder.Services.AddSingleton(_ => Build(connectionString, builder.Environment.ApplicationName));
        builder.Services.AddHealthChecks().AddNpgSql(connectionString, name: connectionName, tags: ["ready", "db"]);
        return builder;
    }

    /// <summary>Registers a data source under a key, for services that talk to several servers (booking shards).</summary>
    public static TBuilder AddKeyedNpgsqlDataSource<TBuilder>(this TBuilder builder, string connectionName)
        where TBuilder : IHostApplicationBuilder
    {
        var connectionString = GetConnectionString(builder.Configuration, connectionName);
        builder.Services.AddKeyedSingleton(connectionName, (_, _) => Build(connectionString, builder.Environment.ApplicationName));
        builder.Services.AddHealthChecks().AddNpgSql(connectionString, name: connectionName, tags: ["ready", "db"]);
        return builder;
    }

    public static string GetConnectionString(IConfiguration configuration, string connectionName) =>
        configuration.GetConnectionString(connectionName)
        ?? throw new InvalidOperationException($"ConnectionStrings:{connectionName} is not configured.");

    private static NpgsqlDataSource Build(string connectionString, string applicationName)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        csb.ApplicationName ??= applicationName;
        var dataSource = new NpgsqlDataSourceBuilder(csb.ConnectionString) { Name = csb.ApplicationName };
        return dataSource.Build();
    }
}
