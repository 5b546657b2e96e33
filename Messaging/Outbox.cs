using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Evently.ServiceDefaults;
using Npgsql;

namespace Evently.Messaging;

/// <summary>
/// Writes integration messages into <c>outbox_messages</c> inside the caller's transaction,
/// so a message exists exactly when the state change it describes was committed.
/// </summary>
public static class Outbox
{
    /// <summary>Notification channel the relay listens on, so messages leave without waiting for the next poll.</summary>
    public const string Channel = "evently_outbox";

    /// <summary>
    /// The <c>trace_links</c> column: traceparents of the other requests a message stands for, comma-separated (a
    /// traceparent has no comma), or null when there are none.
    /// </summary>
    public static string? JoinTraceLinks(IEnumerable<string?> traceParents)
    {
        var links = traceParents.OfType<string>().Distinct().ToList();
        return links.Count == 0 ? null : string.Join(',', links);
    }

    public static Task EnqueueAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, T message, CancellationToken ct = default)
        where T : class =>
        EnqueueAllAsync(connection, transaction, [message], ct);

    /// <summary>
    /// Several messages in one statement. A name of its own: were it an overload of <see cref="EnqueueAsync{T}"/>, a
    /// <c>List&lt;T&gt;</c> would bind to the single-message one and go out as one message of type List, which no
    /// consumer knows and which would stop the relay at that row.
    /// </summary>
    public static async Task EnqueueAllAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<T> messages, CancellationToken ct = default)
        where T : class
    {
        if (messages.Count == 0)
        {
            return;
        }

        var traceParent = Activity.Current?.Id;
        var rows = messages.Select(m => new
        {
            message_id = Guid.CreateVersion7(),
            message_type = m.GetType().FullName!,
            payload = JsonSerializer.Serialize(m, m.GetType(), EventlyJson.Options),
            trace_parent = traceParent,
        }).ToList();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO outbox_messages (message_id, message_type, payload, trace_parent)
            SELECT * FROM unnest(@ids::uuid[], @types::text[], @payloads::jsonb[], @traces::text[]);
            """,
            new
            {
                ids = rows.Select(r => r.message_id).ToArray(),
                types = rows.Select(r => r.message_type).ToArray(),
                payloads = rows.Select(r => r.payload).ToArray(),
                traces = rows.Select(r => r.trace_parent).ToArray(),
            },
            transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition($"NOTIFY {Channel}", transaction: transaction, cancellationToken: ct));
    }
}
