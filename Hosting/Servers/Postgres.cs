using Evently.Hosting.Health;
using Evently.Hosting.Logs;
using Evently.Hosting.Processes;
using Npgsql;

namespace Evently.Hosting;

/// <summary>
/// A real PostgreSQL server run as the <c>postgres</c> user with its data under the state folder.
/// fsync stays on: a confirmed booking must survive a crash, tests included.
/// </summary>
public sealed class PostgresServerResource : Resource
{
    private const string User = "postgres";

    public PostgresServerResource(string name)
        : base(name)
    {
        AddEndpoint(new EndpointAnnotation("tcp", "tcp"));
    }

    public override string Type => ResourceTypes.PostgreSQL;

    public override string ConnectionString => $"Host=127.0.0.1;Port={PrimaryEndpoint.Port};Username=postgres;Database=postgres";

    /// <summary>SIGINT is PostgreSQL's fast shutdown: abort transactions, checkpoint, exit.</summary>
    internal override int StopSignal => Signals.SIGINT;

    internal override TimeSpan StartupTimeout => TimeSpan.FromSeconds(60);

    internal override TimeSpan StopTimeout => TimeSpan.FromSeconds(8);

    internal override void Validate(HostContext host)
    {
        Servers.Tools.RequireFile(Path.Combine(Servers.Tools.PostgresBin, "postgres"), "PostgreSQL server binary", "postgresql-15");
        Servers.Tools.RequireFile(Path.Combine(Servers.Tools.PostgresBin, "initdb"), "PostgreSQL initdb", "postgresql-15");
    }

    internal override async Task PrepareAsync(HostContext host, ResourceLog log, CancellationToken ct)
    {
        var root = host.State.DataDirectory(Name);
        var data = DataDirectory(host);
        Directory.CreateDirectory(root);
        Directory.CreateDirectory(SocketDirectory(host));
        if (!File.Exists(Path.Combine(data, "PG_VERSION")))
        {
            // initdb once per run into a template, then copy: much cheaper than one initdb per server.
            var template = Path.Combine(host.State.DataRoot, ".postgres-template");
            await host.OnceAsync("postgres-template", () => InitTemplateAsync(template, ct)).ConfigureAwait(false);
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }

            log.AppendHost($"initialising a new cluster in {data}");
            // Copy then rename, so an interrupted copy never looks like a cluster.
            var partial = data + ".partial";
            if (Directory.Exists(partial))
            {
                Directory.Delete(partial, recursive: true);
            }

            await Command.RunCheckedAsync(new ProcessSpec("cp", ["-a", template, partial]), TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
            Directory.Move(partial, data);
        }

        await Command.ChownAsync(root, User, ct).ConfigureAwait(false);
        RemoveStaleLockFile(data, log);
    }

    internal override ProcessSpec CreateProcess(HostContext host, IReadOnlyDictionary<string, string> environmentOverrides) =>
        new(Path.Combine(Servers.Tools.PostgresBin, "postgres"),
        [
            "-D", DataDirectory(host),
            "-p", PrimaryEndpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-k", SocketDirectory(host),
            "-c", "listen_addresses=127.0.0.1",
            "-c", "shared_preload_libraries=pg_stat_statements",
            "-c", "pg_stat_statements.track=all",
            "-c", "track_io_timing=on",
            // Four services with pooled connections (booking holds a pool per shard) plus load tests.
            "-c", "max_connections=400",
            "-c", "shared_buffers=128MB",
            // Short OLTP queries only: JIT compilation would cost more than it saves.
            "-c", "jit=off",
            "-c", "log_checkpoints=off",
        ])
        {
            User = User,
            WorkingDirectory = host.State.DataDirectory(Name),
            Environment = new Dictionary<string, string> { ["LC_ALL"] = "C.UTF-8" },
        };

    internal override async Task<HealthResult> CheckHealthAsync(HostContext host, CancellationToken ct)
    {
        var csb = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false, Timeout = 3, ApplicationName = "evently-apphost" };
        try
        {
            await using var connection = new NpgsqlConnection(csb.ConnectionString);
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
            return HealthResult.Healthy($"accepting connections on {PrimaryEndpoint.Port}");
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return HealthResult.Unhealthy(e.Message);
        }
    }

    internal override Task StopAsync(ManagedProcess process, HostContext host, CancellationToken ct)
    {
        // To the postmaster only: it stops its backends itself, in order.
        process.Signal(Signals.SIGINT);
        return Task.CompletedTask;
    }

    private string DataDirectory(HostContext host) => Path.Combine(host.State.DataDirectory(Name), "pgdata");

    private string SocketDirectory(HostContext host) => Path.Combine(host.State.DataDirectory(Name), "run");

    private static async Task InitTemplateAsync(string template, CancellationToken ct)
    {
        if (File.Exists(Path.Combine(template, "PG_VERSION")))
        {
            return;
        }

        if (Directory.Exists(template))
        {
            Directory.Delete(template, recursive: true);
        }

        Directory.CreateDirectory(template);
        await Command.ChownAsync(template, User, ct).ConfigureAwait(false);
        await Command.RunCheckedAsync(
            new ProcessSpec(Path.Combine(Servers.Tools.PostgresBin, "initdb"),
                ["-D", template, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"])
            {
                User = User,
                WorkingDirectory = template,
                Environment = new Dictionary<string, string> { ["LC_ALL"] = "C.UTF-8" },
            },
            TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A postmaster killed with its AppHost can linger as a zombie (PID 1 here does not reap orphans);
    /// PostgreSQL would take that pid for a live server and refuse to start.
    /// </summary>
    private static void RemoveStaleLockFile(string data, ResourceLog log)
    {
        var lockFile = Path.Combine(data, "postmaster.pid");
        if (!File.Exists(lockFile))
        {
            return;
        }

        var firstLine = File.ReadLines(lockFile).FirstOrDefault();
        if (int.TryParse(firstLine, out var pid) && ProcFs.IsAlive(pid))
        {
            throw new ResourceException($"another postgres (pid {pid}) is running on {data}.");
        }

        log.AppendHost($"removing stale postmaster.pid (pid {firstLine} is gone)");
        File.Delete(lockFile);
    }
}

public static class PostgresBuilderExtensions
{
    /// <summary>A PostgreSQL server; projects that reference it get <c>ConnectionStrings__{name}</c>.</summary>
    public static IResourceBuilder<PostgresServerResource> AddPostgres(this DistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new PostgresServerResource(name));
}
