using Aspire.Hosting.ApplicationModel;

namespace Evently.Hosting.Servers;

/// <summary>
/// A server from Debian's packages run as an Aspire executable resource (there is no container engine), listening
/// on one loopback port, with its data in its own folder under the state folder.
/// </summary>
public abstract class ServerResource(string name, string command, string dataDirectory)
    : ExecutableResource(name, command, dataDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    /// <summary>Where this server keeps its data (kept across runs; <c>--fresh</c> empties it).</summary>
    public string DataDirectory { get; } = dataDirectory;

    /// <summary>Shown on the resource in the dashboard.</summary>
    public abstract string Kind { get; }

    public EndpointReference Endpoint => new(this, EndpointName);

    public abstract ReferenceExpression ConnectionStringExpression { get; }
}
