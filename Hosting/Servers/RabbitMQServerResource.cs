using Aspire.Hosting.ApplicationModel;

namespace Evently.Hosting.Servers;

/// <summary>A RabbitMQ 3 node with its own Erlang port mapper (<see cref="EpmdResource"/>), so nothing outlives the run.</summary>
public sealed class RabbitMQServerResource(string name, string dataDirectory) : ServerResource(name, "/usr/bin/nice", dataDirectory)
{
    public override string Kind => "RabbitMQ";

    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://guest:guest@{Endpoint.Property(EndpointProperty.Host)}:{Endpoint.Property(EndpointProperty.Port)}/");
}

/// <summary>The Erlang port mapper of one RabbitMQ node: a resource of its own instead of a leaked <c>epmd -daemon</c>.</summary>
public sealed class EpmdResource(string name, string workingDirectory) : ExecutableResource(name, "/usr/bin/epmd", workingDirectory);
