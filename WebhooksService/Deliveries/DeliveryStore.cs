using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evently.WebhooksService.Deliveries;

/// <summary>A delivery a dispatcher claimed: what to send, where, and the lease its result must be written under.</summary>
public sealed record ClaimedDelivery(
    Guid Id, Guid EndpointId, string Url, string Secret, string WebhookId, string EventType, string Payload,
    string? TraceParent, int Attempt, Guid LeaseId, bool Manual);

/// <summary>What one HTTP attempt came to.</summary>
public sealed record AttemptResult(DateTimeOffset AttemptedAt, bool Succeeded, int? StatusCode, double LatencyMs, string? Error);

/// <summary>
/// The delivery queue in PostgreSQL. Claims use <c>FOR UPDATE SKIP LOCKED</c> and a lease (the row's next attempt is
/// pushed past the request timeout), so any number of replicas work the queue without sending a row twice at once,
/// and a replica that dies mid-attempt only delays that row until its lease runs out.
/// </summary>
public sealed partial class DeliveryStore(NpgsqlDataSource dataSource, RetrySchedule retries, IOptions<WebhookOptions> options,
    ILogger<DeliveryStore> logger)
{
    private readonly WebhookOptions _options = options.Value;

    private TimeSpan Lease => _options.RequestTimeout + TimeSpan.FromSeconds(30);

    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries of enabled endpoints, at most
    /// <see cref="WebhookOptions.MaxConcurrencyPerEndpoint"/> per endpoint counting those already in flight here.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(int limit, IReadOnlyDictionary<Guid, int> inFlight, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ClaimedDelivery>(new CommandDefinition(
            """
            WITH inflight AS (
                SELECT * FROM unnest(@busyIds::uuid[], @busyCounts::int[]) AS b(endpoint_id, n)
            ), ranked AS (
                SELECT d.id, d.endpoint_id,
                       row_number() OVER (PARTITION BY d.endpoint_id ORDER BY d.next_attempt_at, d.created_at) AS rn
                FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.enabled
                WHERE d.status = 'pending' AND d.next_attempt_at <= now()
            ), candidates AS (
                SELECT r.id FROM ranked r LEFT JOIN inflight i ON i.endpoint_id = r.endpoint_id
                WHERE r.rn <= @perEndpoint - coalesce(i.n, 0)
                ORDER BY r.rn LIMIT @limit
            ), claimed AS (
                SELECT d.id, d.redeliver_requested FROM webhook_deliveries d
                WHERE d.id IN (SELECT id FROM candidates) AND d.status = 'pending' AND d.next_attempt_at <= now()
                FOR UPDATE SKIP LOCKED
            )
            UPDATE webhook_deliveries d
            SET attempts = d.attempts + 1, lease_id = @leaseId, next_attempt_at = now() + @lease, redeliver_requested = false
            FROM claimed, webhook_endpoints e
            WHERE d.id = claimed.id AND e.id = d.endpoint_id
            RETURNING d.id AS Id, d.endpoint_id AS EndpointId, e.url AS Url, e.secret AS Secret, d.webhook_id AS WebhookId,
                      d.event_type AS EventType, d.payload AS Payload, d.trace_parent AS TraceParent, d.attempts AS Attempt,
                      d.lease_id AS LeaseId, claimed.redeliver_requested AS Manual
            """,
            new
            {
                busyIds = inFlight.Keys.ToArray(),
                busyCounts = inFlight.Values.ToArray(),
                perEndpoint = _options.MaxConcurrencyPerEndpoint,
                limit,
                leaseId = Guid.CreateVersion7(),
                lease = Lease,
            }, cancellationToken: ct));
        return rows.ToList();
    }

    /// <summary>
    /// Records the attempt and moves the delivery on: succeeded, retried later, or failed for good. Also keeps the
    /// endpoint's failure streak and disables it once the streak is long and old enough. Nothing is written when the
    /// lease was lost (another replica took the row over after it ran out).
    /// </summary>
    public async Task CompleteAsync(ClaimedDelivery claim, AttemptResult result, CancellationToken ct)
    {
        var retryIn = result.Succeeded ? null : retries.DelayAfter(claim.Attempt);
        var nextRetryAt = retryIn is { } delay ? result.AttemptedAt + TimeSpan.FromMilliseconds(result.LatencyMs) + delay : (DateTimeOffset?)null;
        var status = result.Succeeded ? "succeeded" : nextRetryAt is null ? "failed" : "pending";

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE webhook_deliveries
            -- A redelivery asked for while this attempt was in flight still happens: pending again, now.
            SET status = CASE WHEN redeliver_requested THEN 'pending' ELSE @status END,
                next_attempt_at = CASE WHEN redeliver_requested THEN now() ELSE @nextRetryAt END,
                lease_id = NULL,
                last_status_code = @StatusCode, last_error = @Error,
                delivered_at = CASE WHEN @status = 'succeeded' THEN now() ELSE delivered_at END
            WHERE id = @id AND lease_id = @leaseId
            """,
            new { status, nextRetryAt, result.StatusCode, result.Error, id = claim.Id, leaseId = claim.LeaseId }, tx, cancellationToken: ct));
        if (updated == 0)
        {
            LogLeaseLost(logger, claim.Id);
            return;
        }

        // A redelivery of an already-attempted number can race a lease take-over; the primary key keeps one record.
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, succeeded, response_status_code, latency_ms, error, next_retry_at, manual)
            VALUES (@id, @attempt, @AttemptedAt, @Succeeded, @StatusCode, @LatencyMs, @Error, @nextRetryAt, @manual)
            ON CONFLICT DO NOTHING
            """,
            new
            {
                id = claim.Id,
                attempt = claim.Attempt,
                result.AttemptedAt,
                result.Succeeded,
                result.StatusCode,
                result.LatencyMs,
                result.Error,
                nextRetryAt,
                manual = claim.Manual,
            }, tx, cancellationToken: ct));

        await UpdateEndpointHealthAsync(connection, tx, claim.EndpointId, result, ct);
        await tx.CommitAsync(ct);
        if (status == "failed")
        {
            WebhookTelemetry.GivenUp.Add(1);
            LogGivenUp(logger, claim.Id, claim.EndpointId, claim.Attempt, result.Error);
        }
    }

    private async Task UpdateEndpointHealthAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid endpointId, AttemptResult result,
        CancellationToken ct)
    {
        if (result.Succeeded)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE webhook_endpoints SET consecutive_failures = 0, failing_since = NULL WHERE id = @endpointId AND consecutive_failures > 0",
                new { endpointId }, tx, cancellationToken: ct));
            return;
        }

        // Sustained failure, not a blip: enough failed attempts in a row AND the first of them old enough.
        var disabled = await connection.ExecuteScalarAsync<bool?>(new CommandDefinition(
            """
            UPDATE webhook_endpoints
            SET consecutive_failures = consecutive_failures + 1,
                failing_since = coalesce(failing_since, @at),
                enabled = CASE WHEN enabled AND consecutive_failures + 1 >= @afterFailures
                                    AND coalesce(failing_since, @at) <= now() - @afterFailingFor
                               THEN false ELSE enabled END,
                disabled_reason = CASE WHEN enabled AND consecutive_failures + 1 >= @afterFailures
                                            AND coalesce(failing_since, @at) <= now() - @afterFailingFor
                                       THEN 'failing' ELSE disabled_reason END,
                disabled_at = CASE WHEN enabled AND consecutive_failures + 1 >= @afterFailures
                                        AND coalesce(failing_since, @at) <= now() - @afterFailingFor
                                   THEN now() ELSE disabled_at END,
                updated_at = now()
            WHERE id = @endpointId
            RETURNING disabled_reason = 'failing' AND disabled_at = now()
            """,
            new
            {
                endpointId,
                at = result.AttemptedAt,
                afterFailures = _options.AutoDisable.AfterFailures,
                afterFailingFor = _options.AutoDisable.AfterFailingFor,
            }, tx, cancellationToken: ct));
        if (disabled == true)
        {
            WebhookTelemetry.AutoDisabled.Add(1);
            LogAutoDisabled(logger, endpointId, _options.AutoDisable.AfterFailures, _options.AutoDisable.AfterFailingFor);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId}: lease lost to another dispatcher; its result is dropped")]
    private static partial void LogLeaseLost(ILogger logger, Guid deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} to endpoint {EndpointId} failed for good after {Attempts} attempts: {Error}")]
    private static partial void LogGivenUp(ILogger logger, Guid deliveryId, Guid endpointId, int attempts, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Endpoint {EndpointId} disabled: {Failures}+ failed attempts in a row over at least {Window}")]
    private static partial void LogAutoDisabled(ILogger logger, Guid endpointId, int failures, TimeSpan window);
}
