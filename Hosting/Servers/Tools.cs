namespace Evently.Hosting.Servers;

/// <summary>
/// Where the Debian packages put the server binaries. Each can be overridden by an environment variable of
/// AppHost (EVENTLY_PG_BIN, EVENTLY_REDIS_SERVER, EVENTLY_RABBITMQ_BIN), which is also how tests simulate a
/// missing binary.
/// </summary>
internal static class Tools
{
    public static string PostgresBin =>
        Environment.GetEnvironmentVariable("EVENTLY_PG_BIN") is { Length: > 0 } bin ? bin : NewestPostgresBin();

    public static string RedisServer =>
        Environment.GetEnvironmentVariable("EVENTLY_REDIS_SERVER") is { Length: > 0 } path ? path : "/usr/bin/redis-server";

    public static string RabbitMqBin =>
        Environment.GetEnvironmentVariable("EVENTLY_RABBITMQ_BIN") is { Length: > 0 } bin ? bin : "/usr/lib/rabbitmq/bin";

    public static void RequireFile(string path, string what, string package)
    {
        if (!File.Exists(path))
        {
            throw new ResourceException($"{what} not found at {path} (install the Debian package {package}; `./evently up` does).");
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
