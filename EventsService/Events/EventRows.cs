using Dapper;
using Npgsql;

namespace Evently.EventsService.Events;

/// <summary>Reads of one event row shared by the endpoints.</summary>
public static class EventRows
{
    private const string ByIdSql = $"SELECT {EventResponse.Columns} FROM events WHERE id = @id";

    public static async Task<EventResponse?> FindAsync(NpgsqlDataSource db, Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<EventResponse>(new CommandDefinition(ByIdSql, new { id }, cancellationToken: ct));
    }

    /// <summary>Locks the row for the rest of <paramref name="tx"/>, so concurrent admin changes apply one after another.</summary>
    public static Task<EventResponse?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<EventResponse>(new CommandDefinition(ByIdSql + " FOR UPDATE", new { id }, tx, cancellationToken: ct));
}
