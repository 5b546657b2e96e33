using Dapper;
using Evently.EventsService.Caching;
using Evently.EventsService.Replica;
using Evently.Messaging;
using Npgsql;

namespace Evently.EventsService.Seats;

/// <summary>
/// Keeps <c>available_seats</c> in step with the booking service's inventory. A message applies only when its
/// inventory version is newer than the one last applied (messages may arrive out of order), and only once
/// (inbox row in the same transaction). The cached detail is dropped afterwards; listings catch up within their cache time.
/// </summary>
public sealed class SeatCounts(NpgsqlDataSource db, EventsCache cache, WriteFences fences)
{
    // Seats sold come from the booking service; capacity is ours (a capacity change may still be on its way there),
    // so the count shown is our capacity minus what was sold, kept within 0..capacity. One statement for a whole
    // batch, rows locked in event id order so concurrent batches cannot deadlock.
    private const string FromSoldBatchSql =
        """
        UPDATE events e
        SET available_seats = GREATEST(0, LEAST(e.total_capacity, e.total_capacity - c.sold)), seats_version = c.version
        FROM (SELECT * FROM unnest(@eventIds, @sold, @versions) AS c(event_id, sold, version) ORDER BY event_id) c
        WHERE e.id = c.event_id AND e.seats_version < c.version
        RETURNING e.id
        """;

    private const string FromAvailableSql =
        """
        UPDATE events
        SET available_seats = GREATEST(0, LEAST(total_capacity, (@available)::int)), seats_version = @version
        WHERE id = @eventId AND seats_version < @version
        """;

    /// <summary>
    /// A batch of seat messages in one transaction: each message recorded once in the inbox, and per event only the
    /// newest inventory version among the unseen ones applied. One commit and one cache invalidation per event per
    /// batch, instead of per message, is what lets the listing keep up with an on-sale.
    /// </summary>
    public async Task ApplySoldBatchAsync(string consumer, IReadOnlyCollection<SoldSeats> messages, CancellationToken ct)
    {
        Guid[] changed;
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            var unseen = await Inbox.RecordUnseenAsync(connection, tx, consumer, messages, m => m.MessageId, ct);
            var newest = unseen
                .GroupBy(m => m.EventId)
                .Select(g => g.MaxBy(m => m.Version)!)
                .ToList();
            if (newest.Count == 0)
            {
                return;
            }

            changed = (await connection.QueryAsync<Guid>(new CommandDefinition(FromSoldBatchSql, new
            {
                eventIds = newest.Select(m => m.EventId).ToArray(),
                sold = newest.Select(m => m.TotalCapacity - m.AvailableSeats).ToArray(),
                versions = newest.Select(m => m.Version).ToArray(),
            }, tx, cancellationToken: ct))).ToArray();
            await tx.CommitAsync(ct);
            if (changed.Length > 0)
            {
                // The detail refill after the invalidation below must see the new count, not a standby's older one.
                await fences.AfterCommitAsync(connection, changed, listing: false);
            }
        }

        if (changed.Length > 0)
        {
            await cache.InvalidateSeatsAsync(changed, CancellationToken.None);
        }
    }

    /// <summary>For messages that carry only the remaining seats.</summary>
    public Task ApplyAvailableAsync(string consumer, Guid messageId, Guid eventId, int availableSeats, long version, CancellationToken ct) =>
        ApplyAsync(consumer, messageId, eventId, FromAvailableSql, new { eventId, available = availableSeats, version }, ct);

    /// <summary>One seat message that carries capacity and remaining seats as the booking service saw them.</summary>
    public sealed record SoldSeats(Guid MessageId, Guid EventId, int TotalCapacity, int AvailableSeats, long Version);

    private async Task ApplyAsync(string consumer, Guid messageId, Guid eventId, string sql, object parameters, CancellationToken ct)
    {
        bool changed;
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            if (!await Inbox.TryRecordAsync(connection, tx, consumer, messageId, ct))
            {
                return;
            }

            changed = await connection.ExecuteAsync(new CommandDefinition(sql, parameters, tx, cancellationToken: ct)) > 0;
            await tx.CommitAsync(ct);
            if (changed)
            {
                await fences.AfterCommitAsync(connection, [eventId], listing: false);
            }
        }

        if (changed)
        {
            await cache.InvalidateSeatsAsync([eventId], CancellationToken.None);
        }
    }
}
