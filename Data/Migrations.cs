using System.Reflection;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Evently.Data;

/// <summary>
/// Applies numbered <c>.sql</c> files embedded in an assembly (under a <c>Migrations</c> folder) in name order,
/// once each, recorded in <c>schema_migrations</c>. An advisory lock makes two instances starting at once safe.
/// </summary>
public static class Migrations
{
    private const long AdvisoryLockKey = 0x45_56_45_4E_54_4C_59; // "EVENTLY"

    public static async Task ApplyAsync(NpgsqlDataSource dataSource, ILogger logger, CancellationToken ct, params Assembly[] assemblies)
    {
        var scripts = assemblies
            .SelectMany(a => a.GetManifestResourceNames()
                .Where(n => n.Contains(".Migrations.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
                .Select(n => (Assembly: a, Resource: n, Version: VersionOf(a, n))))
            .OrderBy(s => s.Version, StringComparer.Ordinal)
            .ToList();

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = AdvisoryLockKey }, cancellationToken: ct));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                cancellationToken: ct));
            var applied = (await connection.QueryAsync<string>(new CommandDefinition("SELECT version FROM schema_migrations", cancellationToken: ct))).ToHashSet();
            foreach (var script in scripts.Where(s => !applied.Contains(s.Version)))
            {
                var sql = await ReadAsync(script.Assembly, script.Resource);
                await using var tx = await connection.BeginTransactionAsync(ct);
                await connection.ExecuteAsync(new CommandDefinition(sql, transaction: tx, cancellationToken: ct));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (version) VALUES (@version)", new { version = script.Version }, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
                logger.LogInformation("Applied migration {Version} to {Database}", script.Version, connection.Database);
            }
        }
        finally
        {
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = AdvisoryLockKey });
        }
    }

    /// <summary>"Evently.BookingService.Migrations.001_inventory.sql" → "001_inventory"; a shared library's → "000-defaults/…".</summary>
    private static string VersionOf(Assembly assembly, string resource)
    {
        var file = resource[(resource.IndexOf(".Migrations.", StringComparison.Ordinal) + ".Migrations.".Length)..^".sql".Length];
        // Shared tables (outbox, inbox) sort before the service's own scripts.
        return assembly.IsDefined(typeof(SharedMigrationsAttribute)) ? $"000-defaults/{file}" : file;
    }

    private static async Task<string> ReadAsync(Assembly assembly, string resource)
    {
        await using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Migration {resource} not found.");
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
