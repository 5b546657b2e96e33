using Dapper;
using Npgsql;

namespace Evently.Messaging;

/// <summary>
/// Idempotent consumption: a consumer records the message id in <c>inbox_messages</c> in the same transaction
/// as its effect; a redelivered message finds its row and is skipped.
/// </summary>
public static class Inbox
{
    /// <returns><c>true</c> when this consumer has not seen the message before and should apply it.</returns>
    public static async Task<bool> TryRecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        string consumer, Guid messageId, CancellationToken ct = default) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO inbox_messages (consumer, message_id) VALUES (@consumer, @messageId) ON CONFLICT DO NOTHING",
            new { consumer, messageId }, transaction, cancellationToken: ct)) == 1;

    /// <summary>
    /// Records a batch in the inbox at once and returns the items this consumer has not seen before, in their order,
    /// each once (a message twice in one batch applies once).
    /// </summary>
    public static async Task<List<T>> RecordUnseenAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction,
        string consumer, IReadOnlyCollection<T> items, Func<T, Guid> messageId, CancellationToken ct = default)
    {
        var fresh = (await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            INSERT INTO inbox_messages (consumer, message_id) SELECT @consumer, id FROM unnest(@messageIds) AS id
            ON CONFLICT DO NOTHING RETURNING message_id
            """,
            new { consumer, messageIds = items.Select(messageId).ToArray() }, transaction, cancellationToken: ct))).ToHashSet();
        return items.Where(item => fresh.Remove(messageId(item))).ToList();
    }
}
