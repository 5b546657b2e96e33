using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Evently.Hosting.State;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Evently.Hosting.Servers;

public static class RabbitMQServerBuilderExtensions
{
    /// <summary>
    /// A RabbitMQ node with a node name unique to the state folder, its own AMQP, distribution and port-mapper ports,
    /// at CPU niceness <paramref name="nice"/>. Projects that reference it get <c>ConnectionStrings__{name}=amqp://…</c>.
    /// </summary>
    public static IResourceBuilder<RabbitMQServerResource> AddRabbitMQServer(this IDistributedApplicationBuilder builder, string name,
        StateFolder state, int nice = 0)
    {
        var binaries = ServerBinaries.From(builder.Configuration);
        var server = new RabbitMQServerResource(name, state.DataDirectory(name));
        var epmdPort = FreePort.Pick();
        var epmd = builder.AddResource(new EpmdResource($"{name}-epmd", server.DataDirectory))
            .WithArgs("-port", epmdPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-address", "127.0.0.1")
            .OnBeforeResourceStarted((_, _, _) =>
            {
                Directory.CreateDirectory(server.DataDirectory);
                return Task.CompletedTask;
            });
        var distPort = FreePort.Pick();
        var node = $"evently-{state.Id}-{name}@localhost";
        return builder.AddServer(server, (connectionString, health) => health.Add(new HealthCheckRegistration(server.HealthCheckKey(),
                _ => new RabbitMQHealthCheck(connectionString), failureStatus: null, tags: null)),
                () => ServerBinaries.RequireFile(Path.Combine(binaries.RabbitMqBin, "rabbitmq-server"), "rabbitmq-server", "rabbitmq-server"))
            .WithEndpoint(port: distPort, targetPort: distPort, scheme: "tcp", name: "dist", isProxied: false)
            .WithArgs(context =>
            {
                context.Args.Add("-n");
                context.Args.Add(nice.ToString(System.Globalization.CultureInfo.InvariantCulture));
                context.Args.Add(Path.Combine(binaries.RabbitMqBin, "rabbitmq-server"));
            })
            .WithEnvironment(context =>
            {
                var dir = server.DataDirectory;
                var env = context.EnvironmentVariables;
                env["RABBITMQ_NODENAME"] = node;
                // The Erlang cookie lives here: rabbitmqctl, run by hand, needs the same HOME to reach the node.
                env["HOME"] = dir;
                env["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
                env["RABBITMQ_NODE_PORT"] = server.Endpoint.Property(EndpointProperty.TargetPort);
                env["RABBITMQ_DIST_PORT"] = server.GetEndpoint("dist").Property(EndpointProperty.TargetPort);
                env["ERL_EPMD_PORT"] = epmdPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
                env["RABBITMQ_MNESIA_BASE"] = Path.Combine(dir, "mnesia");
                env["RABBITMQ_LOG_BASE"] = Path.Combine(dir, "log");
                env["RABBITMQ_LOGS"] = "-";
                env["RABBITMQ_CONFIG_FILE"] = Path.Combine(dir, "rabbitmq");
                env["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(dir, "enabled_plugins");
                env["RABBITMQ_PID_FILE"] = Path.Combine(dir, "rabbitmq.pid");
                // Erlang distribution on loopback too. The schedulers must not busy-wait for work: on a small machine
                // shared with the services, their spinning takes CPU the services need.
                env["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1} +sbwt none +sbwtdcpu none +sbwtdio none";
            })
            .WaitFor(epmd)
            .OnBeforeResourceStarted(async (resource, _, ct) =>
            {
                var dir = resource.DataDirectory;
                Directory.CreateDirectory(Path.Combine(dir, "mnesia"));
                Directory.CreateDirectory(Path.Combine(dir, "log"));
                await File.WriteAllTextAsync(Path.Combine(dir, "enabled_plugins"), "[].\n", ct).ConfigureAwait(false);
                await File.WriteAllTextAsync(Path.Combine(dir, "rabbitmq.conf"), "loopback_users = none\n", ct).ConfigureAwait(false);
                File.Delete(Path.Combine(dir, "rabbitmq.pid"));
            });
    }
}
