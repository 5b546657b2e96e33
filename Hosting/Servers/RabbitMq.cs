using System.Globalization;
using Evently.Hosting.Health;
using Evently.Hosting.Logs;
using Evently.Hosting.Processes;
using RabbitMQ.Client;

namespace Evently.Hosting;

/// <summary>
/// A real RabbitMQ node run as the <c>rabbitmq</c> user (its folders must belong to it), with a node name unique
/// to the state folder and its own AMQP and distribution ports. Boot takes ~5 s, so nothing should wait for it
/// needlessly. The health probe keeps one AMQP connection open instead of opening one per probe (quiet logs).
/// </summary>
public sealed class RabbitMQServerResource : Resource
{
    private const string User = "rabbitmq";
    private readonly SemaphoreSlim _probeGate = new(1, 1);
    private IConnection? _probe;

    public RabbitMQServerResource(string name)
        : base(name)
    {
        AddEndpoint(new EndpointAnnotation("tcp", "amqp"));
        AddEndpoint(new EndpointAnnotation("dist", "tcp"));
    }

    public override string Type => ResourceTypes.RabbitMQ;

    public override string ConnectionString => $"amqp://guest:guest@127.0.0.1:{PrimaryEndpoint.Port}/";

    internal override TimeSpan StartupTimeout => TimeSpan.FromSeconds(90);

    internal override TimeSpan StopTimeout => TimeSpan.FromSeconds(8);

    internal override void Validate(HostContext host) =>
        Servers.Tools.RequireFile(Path.Combine(Servers.Tools.RabbitMqBin, "rabbitmq-server"), "rabbitmq-server", "rabbitmq-server");

    internal override async Task PrepareAsync(HostContext host, ResourceLog log, CancellationToken ct)
    {
        var dir = host.State.DataDirectory(Name);
        Directory.CreateDirectory(Path.Combine(dir, "mnesia"));
        Directory.CreateDirectory(Path.Combine(dir, "log"));
        await File.WriteAllTextAsync(Path.Combine(dir, "enabled_plugins"), "[].\n", ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(dir, "rabbitmq.conf"), "loopback_users = none\n", ct).ConfigureAwait(false);
        File.Delete(PidFile(host));
        await Command.ChownAsync(dir, User, ct).ConfigureAwait(false);
    }

    internal override ProcessSpec CreateProcess(HostContext host, IReadOnlyDictionary<string, string> environmentOverrides)
    {
        var dir = host.State.DataDirectory(Name);
        return new ProcessSpec(Path.Combine(Servers.Tools.RabbitMqBin, "rabbitmq-server"), [])
        {
            User = User,
            WorkingDirectory = dir,
            Environment = new Dictionary<string, string>(NodeEnvironment(host))
            {
                ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
                ["RABBITMQ_NODE_PORT"] = PrimaryEndpoint.Port.ToString(CultureInfo.InvariantCulture),
                ["RABBITMQ_DIST_PORT"] = Endpoints[1].Port.ToString(CultureInfo.InvariantCulture),
                ["RABBITMQ_MNESIA_BASE"] = Path.Combine(dir, "mnesia"),
                ["RABBITMQ_LOG_BASE"] = Path.Combine(dir, "log"),
                ["RABBITMQ_LOGS"] = "-",
                ["RABBITMQ_CONFIG_FILE"] = Path.Combine(dir, "rabbitmq"),
                ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(dir, "enabled_plugins"),
                ["RABBITMQ_PID_FILE"] = PidFile(host),
                // Keep Erlang distribution on loopback too. The Erlang schedulers must not busy-wait for work: on a
                // small machine shared with the services, their spinning takes CPU the services need.
                ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1} +sbwt none +sbwtdcpu none +sbwtdio none",
            },
        };
    }

    /// <summary>A real AMQP handshake (connection open), kept for the following probes.</summary>
    internal override async Task<HealthResult> CheckHealthAsync(HostContext host, CancellationToken ct)
    {
        await _probeGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_probe is { IsOpen: true })
            {
                return HealthResult.Healthy("AMQP connection open");
            }

            if (_probe is not null)
            {
                await _probe.DisposeAsync().ConfigureAwait(false);
                _probe = null;
            }

            var factory = new ConnectionFactory
            {
                Uri = new Uri(ConnectionString),
                AutomaticRecoveryEnabled = false,
                RequestedConnectionTimeout = TimeSpan.FromSeconds(3),
                ClientProvidedName = "evently-apphost-health",
            };
            _probe = await factory.CreateConnectionAsync(ct).ConfigureAwait(false);
            return HealthResult.Healthy("AMQP handshake ok");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthResult.Unhealthy(e.InnerException?.Message ?? e.Message);
        }
        finally
        {
            _probeGate.Release();
        }
    }

    /// <summary>
    /// SIGTERM to the start script, whose trap stops the node the way <c>rabbitmqctl stop</c> does (the broker
    /// closes connections, flushes queues and halts). <c>rabbitmqctl</c> itself would boot a second Erlang VM:
    /// seconds of CPU on two busy cores, more than the 15 s stop budget can spare.
    /// </summary>
    internal override async Task StopAsync(ManagedProcess process, HostContext host, CancellationToken ct)
    {
        await ReleaseAsync().ConfigureAwait(false);
        process.Signal(Signals.SIGTERM);
    }

    internal override int MainPid(ManagedProcess process, HostContext host)
    {
        try
        {
            return int.TryParse(File.ReadAllText(PidFile(host)).Trim(), out var pid) && ProcFs.IsAlive(pid) ? pid : process.Pid;
        }
        catch (IOException)
        {
            return process.Pid;
        }
    }

    internal override async ValueTask ReleaseAsync()
    {
        await _probeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_probe is not null)
            {
                await _probe.DisposeAsync().ConfigureAwait(false);
                _probe = null;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _probe = null;
        }
        finally
        {
            _probeGate.Release();
        }
    }

    private string NodeName(HostContext host) => $"evently-{host.State.Id}-{Name}@localhost";

    private Dictionary<string, string> NodeEnvironment(HostContext host) => new()
    {
        ["RABBITMQ_NODENAME"] = NodeName(host),
        // The Erlang cookie lives here (rabbitmqctl, run by hand, needs the same HOME to reach the node).
        ["HOME"] = host.State.DataDirectory(Name),
    };

    private string PidFile(HostContext host) => Path.Combine(host.State.DataDirectory(Name), "rabbitmq.pid");
}

public static class RabbitMQBuilderExtensions
{
    /// <summary>A RabbitMQ node; projects that reference it get <c>ConnectionStrings__{name}=amqp://guest:guest@127.0.0.1:port/</c>.</summary>
    public static IResourceBuilder<RabbitMQServerResource> AddRabbitMQ(this DistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new RabbitMQServerResource(name));
}
