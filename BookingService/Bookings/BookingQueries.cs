using Dapper;
using Evently.BookingService.Sharding;
using Npgsql;

namespace Evently.BookingService.Bookings;

/// <summary>Reads of bookings: by id (one shard), by idempotency key and by user (all shards, in parallel).</summary>
public sealed class BookingQueries(ShardMap shards, ILogger<BookingQueries> logger)
{
    /// <summary>The user's bookings, newest first (served by idx_bookings_user_id).</summary>
    public const string UserBookingsSql =
        $"SELECT {BookingRecord.Columns} FROM bookings WHERE user_id = @userId ORDER BY created_at DESC LIMIT @take";

    /// <summary>An event's bookings (served by idx_bookings_event_id).</summary>
    public const string EventBookingsSql =
        $"SELECT {BookingRecord.Columns} FROM bookings WHERE event_id = @eventId ORDER BY created_at DESC LIMIT @take";

    private const string AllBookingsSql =
        $"SELECT {BookingRecord.Columns} FROM bookings ORDER BY created_at DESC LIMIT @take";

    private const string ByIdSql = $"SELECT {BookingRecord.Columns} FROM bookings WHERE id = @id";

    public static async Task<BookingRecord?> ByIdAsync(NpgsqlConnection connection, Guid id, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<BookingRecord>(new CommandDefinition(ByIdSql, new { id }, cancellationToken: ct));

    /// <summary>For work on the database worker threads (synchronous I/O).</summary>
    public static BookingRecord? ById(NpgsqlConnection connection, Guid id) =>
        connection.QuerySingleOrDefault<BookingRecord>(ByIdSql, new { id });

    public async Task<BookingRecord?> ByIdAsync(Guid id, CancellationToken ct)
    {
        if (shards.ForBooking(id) is not { } shard)
        {
            return null;
        }

        await using var connection = await shard.DataSource.OpenConnectionAsync(ct);
        return await ByIdAsync(connection, id, ct);
    }

    /// <summary>
    /// The booking a user made with an Idempotency-Key. The requested event's shard must answer (a same-body retry
    /// lives there); the other shards are asked too, so reusing a key for another event is caught, but one of them
    /// being down does not block booking.
    /// </summary>
    public async Task<BookingRecord?> ByIdempotencyKeyAsync(Guid userId, string key, Shard home, CancellationToken ct)
    {
        var found = await Task.WhenAll(shards.Shards.Select(async shard =>
        {
            try
            {
                await using var connection = await shard.DataSource.OpenConnectionAsync(ct);
                return await connection.QuerySingleOrDefaultAsync<BookingRecord>(new CommandDefinition(
                    $"SELECT {BookingRecord.Columns} FROM bookings WHERE user_id = @userId AND idempotency_key = @key",
                    new { userId, key }, cancellationToken: ct));
            }
            catch (Exception ex) when (shard != home && ex is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(ex, "Shard {Shard} unavailable while checking an Idempotency-Key", shard.Name);
                return null;
            }
        }));
        return found.FirstOrDefault(b => b is not null);
    }

    public sealed record Page(IReadOnlyList<BookingRecord> Items, long Total, IReadOnlyList<string> UnavailableShards);

    /// <summary>
    /// One page of bookings, newest first: each relevant shard returns its first page×size rows, merged here. An
    /// unreachable shard is reported rather than failing the whole list.
    /// </summary>
    public async Task<Page> ListAsync(Guid? userId, Guid? eventId, int page, int pageSize, CancellationToken ct)
    {
        var take = page * pageSize;
        var targets = eventId is { } e ? [shards.ForEvent(e)] : shards.Shards;
        var (where, sql) = (userId, eventId) switch
        {
            (not null, not null) => ("user_id = @userId AND event_id = @eventId", (string?)null),
            (not null, null) => ("user_id = @userId", UserBookingsSql),
            (null, not null) => ("event_id = @eventId", EventBookingsSql),
            _ => ("true", AllBookingsSql),
        };
        sql ??= $"SELECT {BookingRecord.Columns} FROM bookings WHERE {where} ORDER BY created_at DESC LIMIT @take";
        var parameters = new { userId, eventId, take };
        var results = await Task.WhenAll(targets.Select(async shard =>
        {
            try
            {
                await using var connection = await shard.DataSource.OpenConnectionAsync(ct);
                var rows = await connection.QueryAsync<BookingRecord>(new CommandDefinition(sql, parameters, cancellationToken: ct));
                var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    $"SELECT count(*) FROM bookings WHERE {where}", parameters, cancellationToken: ct));
                return (Shard: shard, Rows: rows.ToList(), Total: total, Ok: true);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(ex, "Shard {Shard} unavailable while listing bookings", shard.Name);
                return (Shard: shard, Rows: new List<BookingRecord>(), Total: 0L, Ok: false);
            }
        }));
        var items = results.SelectMany(r => r.Rows).OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToList();
        return new Page(items, results.Sum(r => r.Total), [.. results.Where(r => !r.Ok).Select(r => r.Shard.Name)]);
    }
}
