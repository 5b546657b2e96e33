using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Evently.Hosting.Health;
using Evently.Hosting.Logs;
using Evently.Hosting.Processes;

namespace Evently.Hosting;

/// <summary>A real Redis server with an append-only file, so cached data and locks survive a restart.</summary>
public sealed class RedisResource : Resource
{
    public RedisResource(string name)
        : base(name)
    {
        AddEndpoint(new EndpointAnnotation("tcp", "tcp"));
    }

    public override string Type => ResourceTypes.Redis;

    public override string ConnectionString => $"127.0.0.1:{PrimaryEndpoint.Port}";

    internal override TimeSpan StartupTimeout => TimeSpan.FromSeconds(30);

    internal override void Validate(HostContext host) =>
        Servers.Tools.RequireFile(Servers.Tools.RedisServer, "redis-server", "redis-server");

    internal override Task PrepareAsync(HostContext host, ResourceLog log, CancellationToken ct)
    {
        Directory.CreateDirectory(host.State.DataDirectory(Name));
        return Task.CompletedTask;
    }

    internal override ProcessSpec CreateProcess(HostContext host, IReadOnlyDictionary<string, string> environmentOverrides) =>
        new(Servers.Tools.RedisServer,
        [
            "--port", PrimaryEndpoint.Port.ToString(CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--dir", host.State.DataDirectory(Name),
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--save", "",
            "--daemonize", "no",
            "--logfile", "",
        ])
        {
            WorkingDirectory = host.State.DataDirectory(Name),
        };

    /// <summary>PING over a raw connection: no client library needed for one command.</summary>
    internal override async Task<HealthResult> CheckHealthAsync(HostContext host, CancellationToken ct)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", PrimaryEndpoint.Port, ct).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), ct).ConfigureAwait(false);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false);
            var reply = Encoding.ASCII.GetString(buffer, 0, read).Trim();
            return reply == "+PONG" ? HealthResult.Healthy("PONG") : HealthResult.Unhealthy($"PING answered '{reply}'");
        }
        catch (SocketException e)
        {
            return HealthResult.Unhealthy(e.Message);
        }
        catch (IOException e)
        {
            return HealthResult.Unhealthy(e.Message);
        }
    }
}

public static class RedisBuilderExtensions
{
    /// <summary>A Redis server; projects that reference it get <c>ConnectionStrings__{name}=127.0.0.1:port</c>.</summary>
    public static IResourceBuilder<RedisResource> AddRedis(this DistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new RedisResource(name));
}
