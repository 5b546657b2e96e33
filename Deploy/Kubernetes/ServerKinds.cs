using System.Globalization;
using Evently.Deploy.Model;
using k8s.Models;

namespace Evently.Deploy.Kubernetes;

/// <summary>
/// How each kind of server runs in the cluster (the local overlay): the upstream image of the same major version
/// AppHost runs from Debian's packages, its port, data folder, credentials and the connection string services get.
/// </summary>
public sealed record ServerKindSpec(
    string Image,
    int Port,
    string DataPath,
    string Storage,
    string[] ReadinessCommand,
    Func<ServerModel, List<V1EnvVar>> Environment,
    Func<ServerModel, List<string>> Args,
    Func<string, string, string> ConnectionString,
    Func<string, string, string> ManagedConnectionString)
{
    /// <summary>
    /// Stands for the managed instances' hosts until the operator writes the real ones (RFC 2606: never resolves,
    /// so a forgotten placeholder fails at once instead of reaching someone else's server).
    /// </summary>
    public const string ManagedPlaceholderDomain = "managed.invalid";

    public const string PasswordVariable = "EVENTLY_SERVER_PASSWORD";

    /// <summary>RabbitMQ's user for the services (the image creates it from RABBITMQ_DEFAULT_USER).</summary>
    public const string RabbitUser = "evently";

    public static ServerKindSpec For(ServerKind kind) => kind switch
    {
        ServerKind.PostgreSQL => new(
            "docker.io/library/postgres:15",
            5432,
            "/var/lib/postgresql/data",
            "10Gi",
            ["pg_isready", "-U", "postgres", "-h", "127.0.0.1"],
            _ =>
            [
                new() { Name = "POSTGRES_PASSWORD", Value = $"$({PasswordVariable})" },
                // A folder below the mount: a fresh volume's lost+found would make initdb refuse the mount point.
                new() { Name = "PGDATA", Value = "/var/lib/postgresql/data/pgdata" },
            ],
            server => [.. server.Settings.SelectMany(s => new[] { "-c", s })],
            (name, password) => $"Host={name};Port=5432;Username=postgres;Password={password};Database=postgres",
            (name, password) => $"Host={name}.{ManagedPlaceholderDomain};Port=5432;Username=evently;Password={password};Database=evently;SSL Mode=Require"),
        ServerKind.Redis => new(
            "docker.io/library/redis:7",
            6379,
            "/data",
            "1Gi",
            ["sh", "-c", $"redis-cli -a \"${PasswordVariable}\" --no-auth-warning ping | grep -q PONG"],
            _ => [],
            // As AppHost runs it: an append-only file, so locks and counters survive a restart.
            _ => ["--appendonly", "yes", "--dir", "/data", "--requirepass", $"$({PasswordVariable})"],
            (name, password) => $"{name}:6379,password={password}",
            (name, password) => $"{name}.{ManagedPlaceholderDomain}:6380,password={password},ssl=true"),
        ServerKind.RabbitMQ => new(
            "docker.io/library/rabbitmq:3",
            5672,
            "/var/lib/rabbitmq",
            "2Gi",
            ["rabbitmq-diagnostics", "-q", "ping"],
            _ =>
            [
                new() { Name = "RABBITMQ_DEFAULT_USER", Value = RabbitUser },
                new() { Name = "RABBITMQ_DEFAULT_PASS", Value = $"$({PasswordVariable})" },
            ],
            _ => [],
            (name, password) => string.Create(CultureInfo.InvariantCulture, $"amqp://{RabbitUser}:{password}@{name}:5672/"),
            (name, password) => string.Create(CultureInfo.InvariantCulture, $"amqps://{RabbitUser}:{password}@{name}.{ManagedPlaceholderDomain}:5671/")),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
