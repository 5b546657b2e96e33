using Dapper;
using Evently.WebhooksService.Deliveries;
using Npgsql;

namespace Evently.WebhooksService.Ingest;

/// <summary>Writes the delivery rows of consumed events, inside the consumer's transaction.</summary>
public static class DeliveryQueue
{
    /// <summary>Notification the dispatchers listen on, so a new delivery goes out without waiting for the next poll.</summary>
    public const string Channel = "evently_webhooks";

    /// <returns>How many delivery rows were written.</returns>
    public static async Task<int> EnqueueAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<FeedEvent> events, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return 0;
        }

        // One row per (event, enabled endpoint subscribed to its type). The row's id is a hash of the endpoint and the
        // message id, and the webhook-id header is made from it: the same pair always gets the same identity, so a
        // receiver deduplicates retries, redeliveries and (should one ever slip through) a second row attempt.
        var queued = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO webhook_deliveries (id, endpoint_id, webhook_id, message_id, event_type, payload, trace_parent, next_attempt_at)
            SELECT k.id, e.id, 'msg_' || replace(k.id::text, '-', ''), m.message_id, m.event_type, m.payload, m.trace_parent, now()
            FROM unnest(@messageIds::uuid[], @types::text[], @payloads::text[], @traces::text[])
                AS m(message_id, event_type, payload, trace_parent)
            JOIN webhook_endpoints e ON e.enabled AND m.event_type = ANY (e.event_types)
            CROSS JOIN LATERAL (SELECT md5(e.id::text || ':' || m.message_id::text)::uuid AS id) k
            ON CONFLICT (id) DO NOTHING
            """,
            new
            {
                messageIds = events.Select(e => e.MessageId).ToArray(),
                types = events.Select(e => e.Type).ToArray(),
                payloads = events.Select(e => e.Payload).ToArray(),
                traces = events.Select(e => e.TraceParent).ToArray(),
            }, tx, cancellationToken: ct));
        if (queued > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition($"NOTIFY {Channel}", transaction: tx, cancellationToken: ct));
            WebhookTelemetry.Queued.Add(queued);
        }

        return queued;
    }
}
