using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Evently.Hosting.State;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Evently.Hosting.Servers;

public static class PostgresServerBuilderExtensions
{
    /// <summary>
    /// A PostgreSQL server on a free loopback port, its cluster under the state folder (initdb'd on first start),
    /// run as the <c>postgres</c> user with <c>pg_stat_statements</c>. Projects that reference it get
    /// <c>ConnectionStrings__{name}</c>; <c>WaitFor</c> waits until it accepts a query.
    /// </summary>
    public static IResourceBuilder<PostgresServerResource> AddPostgresServer(this IDistributedApplicationBuilder builder, string name, StateFolder state)
    {
        var server = new PostgresServerResource(name, state.DataDirectory(name));
        var binaries = ServerBinaries.From(builder.Configuration);
        var template = PostgresTemplate.For(state, binaries);
        return builder.AddServer(server, (connectionString, health) => health.AddNpgSql(
                _ => new NpgsqlConnectionStringBuilder(connectionString()) { Pooling = false, Timeout = 3, ApplicationName = "evently-apphost" }.ConnectionString,
                name: server.HealthCheckKey()),
                () =>
                {
                    ServerBinaries.RequireFile(Path.Combine(binaries.PostgresBin, "postgres"), "PostgreSQL server binary", "postgresql-15");
                    ServerBinaries.RequireFile(Path.Combine(binaries.PostgresBin, "initdb"), "PostgreSQL initdb", "postgresql-15");
                })
            .WithArgs(context => PostgresCommandLine.Add(context, server, binaries))
            .WithEnvironment("LC_ALL", "C.UTF-8")
            .OnBeforeResourceStarted((resource, _, ct) => PrepareAsync(resource, template, ct));
    }

    /// <summary>Before every start: the cluster exists, and no stale lock file blocks it.</summary>
    private static async Task PrepareAsync(PostgresServerResource server, PostgresTemplate template, CancellationToken ct)
    {
        if (!File.Exists(Path.Combine(server.ClusterDirectory, "PG_VERSION")))
        {
            Directory.CreateDirectory(server.DataDirectory);
            await template.CopyToAsync(server.ClusterDirectory, ct).ConfigureAwait(false);
        }

        await PostgresCommandLine.PrepareFoldersAsync(server, ct).ConfigureAwait(false);
    }
}
