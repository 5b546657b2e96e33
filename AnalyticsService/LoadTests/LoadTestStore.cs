using System.Text.Json.Nodes;
using Dapper;
using Npgsql;

namespace Evently.AnalyticsService.LoadTests;

/// <summary>Load tests in analytics-db: a row when one starts (the partial unique index admits one running), results when it ends.</summary>
public sealed class LoadTestStore(NpgsqlDataSource dataSource)
{
    /// <returns>false when another test is already running.</returns>
    public async Task<bool> TryInsertRunningAsync(LoadTestRun run, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO load_tests (id, status, concurrent_users, duration_seconds, target_endpoint, started_at)
            VALUES (@Id, 'running', @users, @duration, @target, @StartedAt)
            ON CONFLICT DO NOTHING
            """,
            new { run.Id, users = run.Request.ConcurrentUsers, duration = run.Request.DurationSeconds, target = run.Request.Target.Path, run.StartedAt },
            cancellationToken: ct)) == 1;
    }

    public async Task FinishAsync(LoadTestRun run, JsonNode metrics)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE load_tests SET status = @Status, finished_at = @FinishedAt, load_test_event = @EventId,
                                  metrics = @metrics::jsonb, error = @Error
            WHERE id = @Id
            """, new { run.Status, run.FinishedAt, run.EventId, metrics = metrics.ToJsonString(), run.Error, run.Id }));
    }

    /// <summary>Tests left "running" by a process that is gone can never finish: they are marked aborted at start.</summary>
    public async Task AbortLeftoversAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE load_tests SET status = 'aborted', finished_at = now(), error = 'The analytics service stopped during the test.' WHERE status = 'running'",
            cancellationToken: ct));
    }

    public async Task<LoadTestReport.View?> GetAsync(string id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            """
            SELECT id AS Id, status AS Status, concurrent_users AS ConcurrentUsers, duration_seconds AS DurationSeconds,
                   target_endpoint AS TargetEndpoint, started_at AS StartedAt, finished_at AS FinishedAt,
                   load_test_event AS LoadTestEvent, metrics::text AS Metrics, error AS Error
            FROM load_tests WHERE id = @id
            """, new { id }, cancellationToken: ct));
        return row is null ? null : new LoadTestReport.View(row.Id, row.Status, row.ConcurrentUsers, row.DurationSeconds, row.TargetEndpoint,
            new DateTimeOffset(row.StartedAt, TimeSpan.Zero), row.FinishedAt is { } f ? new DateTimeOffset(f, TimeSpan.Zero) : null,
            row.LoadTestEvent, row.Metrics is null ? null : JsonNode.Parse(row.Metrics), row.Error);
    }

    private sealed record Row(string Id, string Status, int ConcurrentUsers, int DurationSeconds, string TargetEndpoint, DateTime StartedAt,
        DateTime? FinishedAt, Guid? LoadTestEvent, string? Metrics, string? Error);
}
