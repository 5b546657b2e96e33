using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Evently.Hosting.Processes;
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
            .WithArgs(context =>
            {
                context.Args.Add("-c");
                context.Args.Add(FastShutdownOnTerm);
                context.Args.Add(server.Name);
                context.Args.Add("/usr/bin/setpriv");
                context.Args.Add($"--reuid={PostgresServerResource.User}");
                context.Args.Add($"--regid={PostgresServerResource.User}");
                context.Args.Add("--init-groups");
                context.Args.Add(Path.Combine(binaries.PostgresBin, "postgres"));
                context.Args.Add("-D");
                context.Args.Add(server.ClusterDirectory);
                context.Args.Add("-p");
                context.Args.Add(server.Endpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("-k");
                context.Args.Add(server.SocketDirectory);
                foreach (var setting in Settings)
                {
                    context.Args.Add("-c");
                    context.Args.Add(setting);
                }
            })
            .WithEnvironment("LC_ALL", "C.UTF-8")
            .OnBeforeResourceStarted((resource, _, ct) => PrepareAsync(resource, template, ct));
    }

    /// <summary>
    /// DCP stops a process with SIGTERM, which is PostgreSQL's "smart" shutdown: it waits for every pooled client to
    /// leave, and DCP kills it 6 s later. This shell turns SIGTERM into SIGINT (fast shutdown: abort transactions,
    /// checkpoint, exit) and exits with the server's own status, so a crash still looks like one to the supervisor.
    /// </summary>
    private const string FastShutdownOnTerm = """
        trap 'kill -INT "$child" 2>/dev/null' TERM INT
        "$@" &
        child=$!
        wait "$child"; status=$?
        if kill -0 "$child" 2>/dev/null; then wait "$child"; status=$?; fi
        exit "$status"
        """;

    private static readonly string[] Settings =
    [
        "listen_addresses=127.0.0.1",
        "shared_preload_libraries=pg_stat_statements",
        "pg_stat_statements.track=all",
        "track_io_timing=on",
        // Four services with pooled connections (booking holds a pool per shard) plus load tests.
        "max_connections=400",
        "shared_buffers=128MB",
        // Short OLTP queries only: JIT compilation would cost more than it saves.
        "jit=off",
        "log_checkpoints=off",
        // Said out loud: a confirmed booking must survive a crash, tests included.
        "fsync=on",
    ];

    /// <summary>Before every start: the cluster exists, and no stale lock file blocks it.</summary>
    private static async Task PrepareAsync(PostgresServerResource server, PostgresTemplate template, CancellationToken ct)
    {
        Directory.CreateDirectory(server.DataDirectory);
        Directory.CreateDirectory(server.SocketDirectory);
        if (!File.Exists(Path.Combine(server.ClusterDirectory, "PG_VERSION")))
        {
            await template.CopyToAsync(server.ClusterDirectory, ct).ConfigureAwait(false);
        }

        await Run.CheckedAsync("chown", ["-R", $"{PostgresServerResource.User}:{PostgresServerResource.User}", server.DataDirectory], ct).ConfigureAwait(false);
        RemoveStaleLockFile(server.ClusterDirectory);
    }

    /// <summary>
    /// A postmaster killed with -9 leaves postmaster.pid behind; PostgreSQL refuses to start while that pid is alive,
    /// and a zombie (PID 1 here does not reap orphans) or a recycled pid would look alive to it.
    /// </summary>
    private static void RemoveStaleLockFile(string cluster)
    {
        var lockFile = Path.Combine(cluster, "postmaster.pid");
        if (File.Exists(lockFile) && File.ReadLines(lockFile).FirstOrDefault() is { } first
            && (!int.TryParse(first, out var pid) || !ProcFs.IsAlive(pid) || !ProcFs.CommandLine(pid).Contains(cluster, StringComparison.Ordinal)))
        {
            File.Delete(lockFile);
        }
    }
}
