using System.Text.Json;
using Dapper;
using Npgsql;

namespace Evently.Data;

/// <summary>One key query's real cost, measured on the owning service's own database.</summary>
public sealed record QueryTiming(string Query, double MeanMs, double LastMs, long Calls, IReadOnlyList<string> Indexes, string Source);

/// <summary>
/// Measures a representative query with <c>EXPLAIN (ANALYZE)</c>, reporting its execution time and the indexes
/// the plan used, and joins the mean of the real calls recorded by <c>pg_stat_statements</c> when it has any.
/// Services expose the result on <c>/internal/query-performance</c>; analytics gathers them (no invented numbers).
/// </summary>
public static class QueryPerformance
{
    /// <param name="name">Key in the analytics answer, e.g. <c>events_by_date</c>.</param>
    /// <param name="sql">The query exactly as the service runs it (Dapper parameters allowed).</param>
    /// <param name="statementLike">A fragment that identifies the statement in <c>pg_stat_statements.query</c>.</param>
    public static async Task<QueryTiming> MeasureAsync(NpgsqlDataSource dataSource, string name, string sql,
        object? parameters, string statementLike, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var planJson = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "EXPLAIN (ANALYZE, FORMAT JSON) " + sql, parameters, cancellationToken: ct)) ?? "[]";
        using var plan = JsonDocument.Parse(planJson);
        var root = plan.RootElement[0];
        var lastMs = root.GetProperty("Execution Time").GetDouble();
        var indexes = new SortedSet<string>(StringComparer.Ordinal);
        CollectIndexes(root.GetProperty("Plan"), indexes);

        var stats = await StatementStatsAsync(connection, statementLike, ct);
        return stats is { Calls: > 0 }
            ? new QueryTiming(name, Math.Round(stats.MeanMs, 3), Math.Round(lastMs, 3), stats.Calls, [.. indexes], "pg_stat_statements")
            : new QueryTiming(name, Math.Round(lastMs, 3), Math.Round(lastMs, 3), 0, [.. indexes], "explain_analyze");
    }

    private static void CollectIndexes(JsonElement node, SortedSet<string> indexes)
    {
        if (node.TryGetProperty("Index Name", out var index))
        {
            indexes.Add(index.GetString()!);
        }

        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                CollectIndexes(child, indexes);
            }
        }
    }

    private sealed record StatementStats(long Calls, double MeanMs);

    private static async Task<StatementStats?> StatementStatsAsync(NpgsqlConnection connection, string statementLike, CancellationToken ct)
    {
        try
        {
            return await connection.QuerySingleOrDefaultAsync<StatementStats>(new CommandDefinition(
                """
                SELECT sum(calls)::bigint AS Calls, (sum(total_exec_time) / nullif(sum(calls), 0))::float8 AS MeanMs
                FROM pg_stat_statements
                WHERE query ILIKE '%' || @statementLike || '%' AND query NOT ILIKE 'EXPLAIN%'
                HAVING sum(calls) > 0
                """, new { statementLike }, cancellationToken: ct));
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.ObjectNotInPrerequisiteState)
        {
            // The extension is not installed or not preloaded on this server: the measured plan still answers.
            return null;
        }
    }
}
