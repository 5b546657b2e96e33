namespace Evently.Hosting;

/// <summary>A loopback port of a resource: fixed when requested, otherwise a free one chosen when AppHost starts.</summary>
public sealed class EndpointAnnotation(string name, string scheme, int? requestedPort = null)
{
    private int? _port;

    public string Name { get; } = name;

    public string Scheme { get; } = scheme;

    /// <summary>The port asked for; null or 0 means any free port.</summary>
    public int? RequestedPort { get; internal set; } = requestedPort;

    public bool IsAllocated => _port is not null;

    public int Port => _port ?? throw new InvalidOperationException($"Endpoint '{Name}' has no port before AppHost starts.");

    public string Url => $"{Scheme}://127.0.0.1:{Port}";

    internal void Allocate(int port) => _port = port;
}
