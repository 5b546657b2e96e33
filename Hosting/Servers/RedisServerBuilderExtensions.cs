using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Evently.Hosting.State;
using Microsoft.Extensions.DependencyInjection;

namespace Evently.Hosting.Servers;

public static class RedisServerBuilderExtensions
{
    /// <summary>A Redis server with an append-only file; projects that reference it get <c>ConnectionStrings__{name}=host:port</c>.</summary>
    public static IResourceBuilder<RedisServerResource> AddRedisServer(this IDistributedApplicationBuilder builder, string name, StateFolder state)
    {
        var binaries = ServerBinaries.From(builder.Configuration);
        var server = new RedisServerResource(name, binaries.RedisServer, state.DataDirectory(name));
        return builder.AddServer(server, (connectionString, health) => health.AddRedis(_ => connectionString(), name: server.HealthCheckKey()),
                () => ServerBinaries.RequireFile(binaries.RedisServer, "redis-server", "redis-server"))
            .WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(server.Endpoint.Property(EndpointProperty.TargetPort));
                foreach (var arg in new[] { "--bind", "127.0.0.1", "--dir", server.DataDirectory, "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--daemonize", "no", "--logfile", "" })
                {
                    context.Args.Add(arg);
                }
            })
            .OnBeforeResourceStarted((resource, _, _) =>
            {
                Directory.CreateDirectory(resource.DataDirectory);
                return Task.CompletedTask;
            });
    }
}
