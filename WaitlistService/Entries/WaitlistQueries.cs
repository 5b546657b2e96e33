using Dapper;
using Npgsql;

namespace Evently.WaitlistService.Entries;

/// <summary>Reads of waitlist entries, including the live position (served by <c>idx_waitlist_position</c>).</summary>
public static class WaitlistQueries
{
    /// <summary>1-based place among the event's waiting entries in join order; measured by /internal/query-performance.</summary>
    public const string PositionSql =
        """
        SELECT count(*) FROM waitlist_entries
        WHERE event_id = @EventId AND status = 'waiting' AND (created_at, id) <= (@CreatedAt, @Id)
        """;

    public static Task<WaitlistEntry?> ByIdAsync(NpgsqlConnection connection, Guid id, CancellationToken ct, NpgsqlTransaction? tx = null) =>
        connection.QuerySingleOrDefaultAsync<WaitlistEntry>(new CommandDefinition(
            $"SELECT {WaitlistEntry.Columns} FROM waitlist_entries WHERE id = @id", new { id }, tx, cancellationToken: ct));

    public static Task<WaitlistEntry?> ActiveAsync(NpgsqlConnection connection, Guid eventId, Guid userId, CancellationToken ct,
        NpgsqlTransaction? tx = null) =>
        connection.QuerySingleOrDefaultAsync<WaitlistEntry>(new CommandDefinition(
            $"SELECT {WaitlistEntry.Columns} FROM waitlist_entries WHERE event_id = @eventId AND user_id = @userId AND status = 'waiting'",
            new { eventId, userId }, tx, cancellationToken: ct));

    public static async Task<IReadOnlyList<WaitlistEntry>> ByUserAsync(NpgsqlConnection connection, Guid userId, int take, CancellationToken ct) =>
        [.. await connection.QueryAsync<WaitlistEntry>(new CommandDefinition(
            $"SELECT {WaitlistEntry.Columns} FROM waitlist_entries WHERE user_id = @userId ORDER BY created_at DESC, id LIMIT @take",
            new { userId, take }, cancellationToken: ct))];

    public static async Task<long?> PositionAsync(NpgsqlConnection connection, WaitlistEntry entry, CancellationToken ct,
        NpgsqlTransaction? tx = null) =>
        entry.Status != WaitlistEntry.Waiting ? null
            : await connection.ExecuteScalarAsync<long>(new CommandDefinition(PositionSql,
                new { entry.EventId, entry.CreatedAt, entry.Id }, tx, cancellationToken: ct));

    public static async Task<WaitlistEntryView> ViewAsync(NpgsqlConnection connection, WaitlistEntry entry, CancellationToken ct,
        NpgsqlTransaction? tx = null) =>
        WaitlistEntryView.From(entry, await PositionAsync(connection, entry, ct, tx));
}
