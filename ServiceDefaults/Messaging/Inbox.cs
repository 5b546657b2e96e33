using Dapper;
using Npgsql;

namespace Evently.ServiceDefaults.Messaging;

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

    /// <returns>The ids among <paramref name="messageIds"/> this consumer has not seen before (each once).</returns>
    public static async Task<HashSet<Guid>> TryRecordAllAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        string consumer, IReadOnlyCollection<Guid> messageIds, CancellationToken ct = default) =>
        (await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            INSERT INTO inbox_messages (consumer, message_id) SELECT @consumer, id FROM unnest(@messageIds) AS id
            ON CONFLICT DO NOTHING RETURNING message_id
            """,
            new { consumer, messageIds = messageIds.ToArray() }, transaction, cancellationToken: ct))).ToHashSet();
}
