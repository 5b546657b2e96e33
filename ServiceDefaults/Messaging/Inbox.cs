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
}
