using Aspire.Hosting.ApplicationModel;

namespace Evently.Hosting.Servers;

/// <summary>
/// A PostgreSQL 15 server run as the <c>postgres</c> user. fsync stays on: a confirmed booking must survive a crash.
/// With a <see cref="Primary"/> it is that server's streaming standby (read-only, cloned from it).
/// </summary>
public sealed class PostgresServerResource(string name, string dataDirectory, PostgresServerResource? primary = null)
    : ServerResource(name, "/bin/sh", dataDirectory)
{
    public const string User = "postgres";

    public override string Kind => Primary is null ? "PostgreSQL" : "PostgreSQL standby";

    /// <summary>The server this one streams from; null for a primary.</summary>
    public PostgresServerResource? Primary { get; } = primary;

    /// <summary>The cluster (initdb'd once, then reused).</summary>
    public string ClusterDirectory => Path.Combine(DataDirectory, "pgdata");

    /// <summary>Unix socket folder, owned by postgres.</summary>
    public string SocketDirectory => Path.Combine(DataDirectory, "run");

    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username=postgres;Database=postgres");
}
