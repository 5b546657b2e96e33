using Dapper;
using Evently.EventsService.Caching;
using Evently.ServiceDefaults.Messaging;
using Npgsql;

namespace Evently.EventsService.Seats;

/// <summary>
/// Keeps <c>available_seats</c> in step with the booking service's inventory. A message applies only when its
/// inventory version is newer than the one last applied (messages may arrive out of order), and only once
/// (inbox row in the same transaction). The cached detail and listings are dropped afterwards.
/// </summary>
public sealed class SeatCounts(NpgsqlDataSource db, EventsCache cache)
{
    // Seats sold come from the booking service; capacity is ours (a capacity change may still be on its way there),
    // so the count shown is our capacity minus what was sold, kept within 0..capacity.
    private const string FromSoldSql =
        """
        UPDATE events
        SET available_seats = GREATEST(0, LEAST(total_capacity, total_capacity - (@sold)::int)), seats_version = @version
        WHERE id = @eventId AND seats_version < @version
        """;

    private const string FromAvailableSql =
        """
        UPDATE events
        SET available_seats = GREATEST(0, LEAST(total_capacity, (@available)::int)), seats_version = @version
        WHERE id = @eventId AND seats_version < @version
        """;

    /// <summary>For messages that carry both the capacity and the remaining seats the booking service saw.</summary>
    public Task ApplySoldAsync(string consumer, Guid messageId, Guid eventId, int totalCapacity, int availableSeats, long version, CancellationToken ct) =>
        ApplyAsync(consumer, messageId, eventId, FromSoldSql, new { eventId, sold = totalCapacity - availableSeats, version }, ct);

    /// <summary>For messages that carry only the remaining seats.</summary>
    public Task ApplyAvailableAsync(string consumer, Guid messageId, Guid eventId, int availableSeats, long version, CancellationToken ct) =>
        ApplyAsync(consumer, messageId, eventId, FromAvailableSql, new { eventId, available = availableSeats, version }, ct);

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
        }

        if (changed)
        {
            await cache.InvalidateEventAsync(eventId, CancellationToken.None);
        }
    }
}
