using Aspire.Hosting.ApplicationModel;

namespace Evently.Hosting.Servers;

/// <summary>A Redis 7 server with an append-only file, so cached data and locks survive a restart.</summary>
public sealed class RedisServerResource(string name, string command, string dataDirectory) : ServerResource(name, command, dataDirectory)
{
    public override string Kind => "Redis";

    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{Endpoint.Property(EndpointProperty.Host)}:{Endpoint.Property(EndpointProperty.Port)}");
}
