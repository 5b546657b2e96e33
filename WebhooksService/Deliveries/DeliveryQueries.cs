using Dapper;
using Npgsql;

namespace Evently.WebhooksService.Deliveries;

/// <summary>One HTTP attempt as the deliveries route shows it.</summary>
public sealed record AttemptView(
    int Attempt, DateTimeOffset AttemptedAt, string Status, int? ResponseStatusCode, double LatencyMs, string? Error,
    DateTimeOffset? NextRetryAt, bool Manual);

/// <summary>A delivery (one event to one endpoint) with every attempt made so far.</summary>
public sealed record DeliveryView(
    Guid Id, string WebhookId, Guid MessageId, string EventType, string Status, int AttemptCount, DateTimeOffset? NextAttemptAt,
    int? LastStatusCode, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt, IReadOnlyList<AttemptView> Attempts);

/// <summary><c>GET /api/v1/admin/webhooks/{id}/deliveries</c>.</summary>
public sealed record DeliveryList(IReadOnlyList<DeliveryView> Deliveries);

/// <summary>The reads and the manual redelivery of the deliveries routes.</summary>
public static class DeliveryQueries
{
    // Property classes for Dapper: nullable value columns bind to properties whatever their CLR shape.
    private sealed class DeliveryRow
    {
        public Guid Id { get; init; }
        public string WebhookId { get; init; } = "";
        public Guid MessageId { get; init; }
        public string EventType { get; init; } = "";
        public string Status { get; init; } = "";
        public int Attempts { get; init; }
        public DateTime? NextAttemptAt { get; init; }
        public int? LastStatusCode { get; init; }
        public string? LastError { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime? DeliveredAt { get; init; }
    }

    private sealed class AttemptRow
    {
        public Guid DeliveryId { get; init; }
        public int Attempt { get; init; }
        public DateTime AttemptedAt { get; init; }
        public bool Succeeded { get; init; }
        public int? ResponseStatusCode { get; init; }
        public double LatencyMs { get; init; }
        public string? Error { get; init; }
        public DateTime? NextRetryAt { get; init; }
        public bool Manual { get; init; }
    }

    private const string Columns =
        """
        id AS Id, webhook_id AS WebhookId, message_id AS MessageId, event_type AS EventType, status AS Status, attempts AS Attempts,
        next_attempt_at AS NextAttemptAt, last_status_code AS LastStatusCode, last_error AS LastError, created_at AS CreatedAt,
        delivered_at AS DeliveredAt
        """;

    /// <summary>The endpoint's newest deliveries first.</summary>
    public static async Task<IReadOnlyList<DeliveryView>> ListAsync(NpgsqlConnection connection, Guid endpointId, int limit, CancellationToken ct)
    {
        var rows = (await connection.QueryAsync<DeliveryRow>(new CommandDefinition(
            $"SELECT {Columns} FROM webhook_deliveries WHERE endpoint_id = @endpointId ORDER BY created_at DESC, id LIMIT @limit",
            new { endpointId, limit }, cancellationToken: ct))).ToList();
        return await WithAttemptsAsync(connection, rows, ct);
    }

    public static async Task<DeliveryView?> GetAsync(NpgsqlConnection connection, Guid endpointId, Guid deliveryId, CancellationToken ct)
    {
        var rows = (await connection.QueryAsync<DeliveryRow>(new CommandDefinition(
            $"SELECT {Columns} FROM webhook_deliveries WHERE endpoint_id = @endpointId AND id = @deliveryId",
            new { endpointId, deliveryId }, cancellationToken: ct))).ToList();
        return rows.Count == 0 ? null : (await WithAttemptsAsync(connection, rows, ct))[0];
    }

    /// <summary>
    /// Queues the delivery again now, with the same webhook-id and body. One already pending just goes now; one whose
    /// attempt is in flight (leased) gets another right after, as asked. False when there is no such delivery.
    /// </summary>
    public static async Task<bool> RedeliverAsync(NpgsqlConnection connection, Guid endpointId, Guid deliveryId, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE webhook_deliveries
            SET status = 'pending', redeliver_requested = true,
                next_attempt_at = CASE WHEN lease_id IS NOT NULL AND next_attempt_at > now() THEN next_attempt_at ELSE now() END
            WHERE endpoint_id = @endpointId AND id = @deliveryId
            """, new { endpointId, deliveryId }, cancellationToken: ct)) == 1;

    private static async Task<IReadOnlyList<DeliveryView>> WithAttemptsAsync(NpgsqlConnection connection, List<DeliveryRow> rows, CancellationToken ct)
    {
        var attempts = (await connection.QueryAsync<AttemptRow>(new CommandDefinition(
            """
            SELECT delivery_id AS DeliveryId, attempt AS Attempt, attempted_at AS AttemptedAt, succeeded AS Succeeded,
                   response_status_code AS ResponseStatusCode, latency_ms AS LatencyMs, error AS Error, next_retry_at AS NextRetryAt,
                   manual AS Manual
            FROM webhook_attempts WHERE delivery_id = ANY(@ids) ORDER BY attempt
            """, new { ids = rows.Select(r => r.Id).ToArray() }, cancellationToken: ct)))
            .ToLookup(a => a.DeliveryId);
        return rows.Select(r => new DeliveryView(r.Id, r.WebhookId, r.MessageId, r.EventType, r.Status, r.Attempts, Utc(r.NextAttemptAt),
                r.LastStatusCode, r.LastError, Utc(r.CreatedAt)!.Value, Utc(r.DeliveredAt),
                attempts[r.Id].Select(a => new AttemptView(a.Attempt, Utc(a.AttemptedAt)!.Value, a.Succeeded ? "succeeded" : "failed",
                    a.ResponseStatusCode, Math.Round(a.LatencyMs, 1), a.Error, Utc(a.NextRetryAt), a.Manual)).ToList()))
            .ToList();
    }

    private static DateTimeOffset? Utc(DateTime? t) => t is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;
}
