using Dapper;
using Evently.Contracts;
using Evently.EventsService.Caching;
using Evently.EventsService.Replica;
using Evently.ServiceDefaults;
using Npgsql;

namespace Evently.EventsService.Events;

/// <summary>
/// <c>DELETE /api/v1/events/{id}</c> (admin): cancels the event. It stays readable with status <c>cancelled</c>;
/// the booking service learns it from EventChanged. Cancelling again answers the same event and changes nothing.
/// </summary>
public static class CancelEvent
{
    private const string CancelSql =
        $"""
        UPDATE events SET status = 'cancelled', version = version + 1, updated_at = now()
        WHERE id = @id
        RETURNING {EventResponse.Columns}
        """;

    public static async Task<IResult> HandleAsync(Guid id, NpgsqlDataSource db, EventsCache cache, WriteFences fences, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var current = await EventRows.LockAsync(connection, tx, id, ct);
        if (current is null)
        {
            return EventlyResults.NotFound($"Event {id} was not found.");
        }

        if (current.Status == EventStatuses.Cancelled)
        {
            return Results.Ok(current);
        }

        var cancelled = await connection.QuerySingleAsync<EventResponse>(new CommandDefinition(CancelSql, new { id }, tx, cancellationToken: ct));
        await EventChangedMessage.EnqueueAsync(connection, tx, cancelled, ct);
        await tx.CommitAsync(ct);
        // Before the invalidation: the refill it causes must not come from a standby without this write.
        await fences.AfterCommitAsync(connection, [id], listing: true);

        await cache.InvalidateEventAsync(id, CancellationToken.None);
        return Results.Ok(cancelled);
    }
}
