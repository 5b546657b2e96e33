using Aspire.Hosting.ApplicationModel;
using Evently.Hosting.Processes;

namespace Evently.Hosting.Servers;

/// <summary>How every PostgreSQL of ours is run (primaries and standbys alike), and what it needs before each start.</summary>
internal static class PostgresCommandLine
{
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
        // Four services with pooled connections (booking holds a pool per shard) plus load tests. A hot standby needs at least its primary's.
        "max_connections=400",
        "shared_buffers=128MB",
        // Short OLTP queries only: JIT compilation would cost more than it saves.
        "jit=off",
        "log_checkpoints=off",
        // Said out loud: a confirmed booking must survive a crash, tests included.
        "fsync=on",
        // A replication slot keeps WAL for a standby that is away; past this the slot is given up (the standby is then
        // re-cloned) rather than letting a forgotten standby fill the disk.
        "max_slot_wal_keep_size=1GB",
    ];

    /// <summary>postgres as the postgres user under the fast-shutdown shell, with our settings and <paramref name="extra"/> ones.</summary>
    public static void Add(CommandLineArgsCallbackContext context, PostgresServerResource server, ServerBinaries binaries, IEnumerable<object>? extra = null)
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
        foreach (var setting in Settings.Concat(extra ?? []))
        {
            context.Args.Add("-c");
            context.Args.Add(setting);
        }
    }

    /// <summary>The folders exist and belong to postgres, and no stale lock file blocks the start.</summary>
    public static async Task PrepareFoldersAsync(PostgresServerResource server, CancellationToken ct)
    {
        Directory.CreateDirectory(server.DataDirectory);
        Directory.CreateDirectory(server.SocketDirectory);
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
