using Microsoft.Extensions.Configuration;

namespace Evently.Hosting.Servers;

/// <summary>
/// Where the Debian packages put the server binaries. AppHost's configuration (so also its environment) can point
/// elsewhere with EVENTLY_PG_BIN, EVENTLY_REDIS_SERVER and EVENTLY_RABBITMQ_BIN, which is also how tests simulate
/// a missing binary.
/// </summary>
public sealed record ServerBinaries(string PostgresBin, string RedisServer, string RabbitMqBin)
{
    public static ServerBinaries From(IConfiguration configuration) => new(
        configuration["EVENTLY_PG_BIN"] is { Length: > 0 } pg ? pg : NewestPostgresBin(),
        configuration["EVENTLY_REDIS_SERVER"] is { Length: > 0 } redis ? redis : "/usr/bin/redis-server",
        configuration["EVENTLY_RABBITMQ_BIN"] is { Length: > 0 } rabbit ? rabbit : "/usr/lib/rabbitmq/bin");

    public static void RequireFile(string path, string what, string package)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{what} not found at {path} (install the Debian package {package}; `./evently up` does).", path);
        }
    }

    private static string NewestPostgresBin()
    {
        const string root = "/usr/lib/postgresql";
        var preferred = Path.Combine(root, "15", "bin");
        if (File.Exists(Path.Combine(preferred, "postgres")) || !Directory.Exists(root))
        {
            return preferred;
        }

        return Directory.EnumerateDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "postgres")))
            .OrderByDescending(d => d, StringComparer.Ordinal)
            .FirstOrDefault() ?? preferred;
    }
}
