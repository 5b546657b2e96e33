using Dapper;
using Evently.BookingService.Sharding;

namespace Evently.BookingService.WaitingRoom;

/// <summary>The waiting room's SQL, on the event's shard.</summary>
public sealed class WaitingRoomStore(ShardMap shards)
{
    private const string SettingsSql =
        """
        SELECT w.event_id AS EventId, w.enabled AS Enabled, w.admission_per_minute AS AdmissionPerMinute, w.pass_seconds AS PassSeconds,
               w.admitted_through AS AdmittedThrough, c.last_number AS Joined, w.updated_at AS UpdatedAt
        FROM waiting_rooms w JOIN waiting_room_counters c USING (event_id) WHERE w.event_id = @eventId
        """;

    // A changed rate starts from an empty bucket, so turning a room on never lets a saved-up burst in.
    private const string UpsertSql =
        """
        INSERT INTO waiting_rooms (event_id, enabled, admission_per_minute, pass_seconds)
        VALUES (@eventId, @enabled, @perMinute, @passSeconds)
        ON CONFLICT (event_id) DO UPDATE SET enabled = excluded.enabled, admission_per_minute = excluded.admission_per_minute,
            pass_seconds = excluded.pass_seconds, admission_credit = 0, credit_at = now(), updated_at = now();
        INSERT INTO waiting_room_counters (event_id) VALUES (@eventId) ON CONFLICT (event_id) DO NOTHING;
        """;

    private const string MineSql =
        $"""
        SELECT {QueueTicket.Columns}
        FROM queue_tickets t JOIN waiting_rooms w USING (event_id) WHERE t.event_id = @eventId AND t.user_id = @userId
        """;

    private const string ByIdSql =
        $"""
        SELECT {QueueTicket.Columns}
        FROM queue_tickets t JOIN waiting_rooms w USING (event_id) WHERE t.id = @ticketId AND t.event_id = @eventId
        """;

    // One statement in autocommit, so the counter row (the only one every join locks) is held for the server's own
    // time, never a client round trip; and its commit does not wait for the WAL flush (set_config(..., true) lasts
    // until this statement's own commit). A join is then as durable as Redis with AOF everysec: it survives any restart
    // of the booking service; a crash of the shard's server may lose its last fraction of a second, whose buyers join
    // again. Counter and ticket commit together, so numbers stay dense; a concurrent second join of the same user hits
    // the unique (event, user) and leaves one gap (positions are then one too high, never too low).
    private const string JoinSql =
        """
        WITH room AS (
            SELECT event_id FROM waiting_rooms
            WHERE event_id = @eventId AND enabled AND set_config('synchronous_commit', 'off', true) IS NOT NULL
        ), counter AS (
            UPDATE waiting_room_counters c SET last_number = c.last_number + 1 FROM room WHERE c.event_id = room.event_id
            RETURNING c.last_number
        )
        INSERT INTO queue_tickets (id, event_id, user_id, number)
        SELECT @id, @eventId, @userId, last_number FROM counter
        ON CONFLICT (event_id, user_id) DO NOTHING
        RETURNING id
        """;

    private const string EnabledSql = "SELECT enabled FROM waiting_rooms WHERE event_id = @eventId";

    public async Task<WaitingRoomSettings?> SettingsAsync(Guid eventId, CancellationToken ct)
    {
        await using var connection = await shards.ForEvent(eventId).DataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<WaitingRoomSettings>(new CommandDefinition(SettingsSql, new { eventId },
            cancellationToken: ct));
    }

    /// <returns>The stored settings; throws a foreign-key violation when the shard does not know the event yet.</returns>
    public async Task<WaitingRoomSettings> SaveAsync(Guid eventId, bool enabled, int perMinute, int passSeconds, CancellationToken ct)
    {
        await using var connection = await shards.ForEvent(eventId).DataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(UpsertSql, new { eventId, enabled, perMinute, passSeconds }, tx, cancellationToken: ct));
        var saved = await connection.QuerySingleAsync<WaitingRoomSettings>(new CommandDefinition(SettingsSql, new { eventId }, tx,
            cancellationToken: ct));
        await tx.CommitAsync(ct);
        return saved;
    }

    public async Task<QueueTicket?> TicketAsync(Guid eventId, Guid ticketId, CancellationToken ct)
    {
        await using var connection = await shards.ForEvent(eventId).DataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<QueueTicket>(new CommandDefinition(ByIdSql, new { eventId, ticketId },
            cancellationToken: ct));
    }

    public async Task<QueueTicket?> MineAsync(Guid eventId, Guid userId, CancellationToken ct)
    {
        await using var connection = await shards.ForEvent(eventId).DataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<QueueTicket>(new CommandDefinition(MineSql, new { eventId, userId },
            cancellationToken: ct));
    }

    /// <returns>True when a new ticket was issued; false when the room is not open (or the user joined at that very moment).</returns>
    public async Task<bool> TryJoinAsync(Guid eventId, Guid userId, CancellationToken ct)
    {
        var shard = shards.ForEvent(eventId);
        await using var connection = await shard.DataSource.OpenConnectionAsync(ct);
        var id = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(JoinSql,
            new { id = BookingIds.New(shard.Index), eventId, userId }, cancellationToken: ct));
        return id is not null;
    }

    public async Task<bool> IsEnabledAsync(Guid eventId, CancellationToken ct)
    {
        await using var connection = await shards.ForEvent(eventId).DataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool?>(new CommandDefinition(EnabledSql, new { eventId }, cancellationToken: ct)) ?? false;
    }
}
