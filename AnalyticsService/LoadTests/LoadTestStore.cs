using System.Text.Json.Nodes;
using Dapper;
using Npgsql;

namespace Evently.AnalyticsService.LoadTests;

/// <summary>
/// Load tests in analytics-db, shared by every analytics instance: a row when one starts (the partial unique index
/// admits one running), owned by the instance that started it while it renews its lease, results when it ends.
/// </summary>
public sealed class LoadTestStore(NpgsqlDataSource dataSource)
{
    public const string AbandonedError = "The analytics instance running the test stopped renewing it (it stopped or lost the database).";

    // Run before every start and read, so a dead owner's test neither blocks the next one nor shows "running" forever.
    private const string ExpireSql =
        """
        UPDATE load_tests SET status = 'aborted', finished_at = now(), error = @AbandonedError
        WHERE status = 'running' AND (lease_until IS NULL OR lease_until < now());
        """;

    /// <returns>false when another test is already running (on any instance).</returns>
    public async Task<bool> TryInsertRunningAsync(LoadTestRun run, string owner, TimeSpan lease, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(ExpireSql +
            """
            INSERT INTO load_tests (id, status, concurrent_users, duration_seconds, target_endpoint, started_at, owner, lease_until)
            VALUES (@Id, 'running', @users, @duration, @target, @StartedAt, @owner, now() + @lease)
            ON CONFLICT DO NOTHING
            RETURNING true
            """,
            new
            {
                AbandonedError,
                run.Id,
                users = run.Request.ConcurrentUsers,
                duration = run.Request.DurationSeconds,
                target = run.Request.Target.Path,
                run.StartedAt,
                owner,
                lease,
            },
            cancellationToken: ct)) == true;
    }

    public enum Renewal { Renewed, StopRequested, Lost }

    /// <summary>The owner's heartbeat: extends the lease, stores the figures so far, and learns whether a stop was asked.</summary>
    public async Task<Renewal> RenewAsync(string id, string owner, TimeSpan lease, JsonNode metrics, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var stop = await connection.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(
            """
            UPDATE load_tests SET lease_until = now() + @lease, metrics = @metrics::jsonb
            WHERE id = @id AND owner = @owner AND status = 'running'
            RETURNING stop_requested
            """, new { id, owner, lease, metrics = metrics.ToJsonString() }, cancellationToken: ct));
        return stop switch { null => Renewal.Lost, true => Renewal.StopRequested, false => Renewal.Renewed };
    }

    /// <returns>false when the test is not running (any more).</returns>
    public async Task<bool> RequestStopAsync(string id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE load_tests SET stop_requested = true WHERE id = @id AND status = 'running'", new { id }, cancellationToken: ct)) == 1;
    }

    /// <summary>The final figures, written only by the owner (a test marked aborted meanwhile gets its real end).</summary>
    public async Task FinishAsync(LoadTestRun run, string owner, JsonNode metrics)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE load_tests SET status = @Status, finished_at = @FinishedAt, load_test_event = @EventId,
                                  metrics = @metrics::jsonb, error = @Error, lease_until = NULL
            WHERE id = @Id AND owner = @owner
            """, new { run.Status, run.FinishedAt, run.EventId, metrics = metrics.ToJsonString(), run.Error, run.Id, owner }));
    }

    /// <summary>Tests whose owner is gone (its lease ran out) can never finish: marked aborted.</summary>
    public async Task ExpireAbandonedAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(ExpireSql, new { AbandonedError }, cancellationToken: ct));
    }

    public async Task<LoadTestReport.View?> GetAsync(string id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(ExpireSql +
            """
            SELECT id AS Id, status AS Status, concurrent_users AS ConcurrentUsers, duration_seconds AS DurationSeconds,
                   target_endpoint AS TargetEndpoint, started_at AS StartedAt, finished_at AS FinishedAt,
                   load_test_event AS LoadTestEvent, metrics::text AS Metrics, error AS Error
            FROM load_tests WHERE id = @id
            """, new { id, AbandonedError }, cancellationToken: ct));
        return row is null ? null : new LoadTestReport.View(row.Id, row.Status, row.ConcurrentUsers, row.DurationSeconds, row.TargetEndpoint,
            new DateTimeOffset(row.StartedAt, TimeSpan.Zero), row.FinishedAt is { } f ? new DateTimeOffset(f, TimeSpan.Zero) : null,
            row.LoadTestEvent, row.Metrics is null ? null : JsonNode.Parse(row.Metrics), row.Error);
    }

    private sealed record Row(string Id, string Status, int ConcurrentUsers, int DurationSeconds, string TargetEndpoint, DateTime StartedAt,
        DateTime? FinishedAt, Guid? LoadTestEvent, string? Metrics, string? Error);
}
