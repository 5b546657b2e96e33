using Aspire.Hosting.ApplicationModel;

namespace Evently.Hosting.Servers;

/// <summary>A PostgreSQL 15 server run as the <c>postgres</c> user. fsync stays on: a confirmed booking must survive a crash.</summary>
public sealed class PostgresServerResource(string name, string dataDirectory) : ServerResource(name, "/bin/sh", dataDirectory)
{
    public const string User = "postgres";

    public override string Kind => "PostgreSQL";

    /// <summary>The cluster (initdb'd once, then reused).</summary>
    public string ClusterDirectory => Path.Combine(DataDirectory, "pgdata");

    /// <summary>Unix socket folder, owned by postgres.</summary>
    public string SocketDirectory => Path.Combine(DataDirectory, "run");

    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username=postgres;Database=postgres");
}
