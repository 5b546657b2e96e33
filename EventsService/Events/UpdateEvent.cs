using Dapper;
using Evently.Contracts;
using Evently.EventsService.Caching;
using Evently.EventsService.LiveSeats;
using Evently.EventsService.Replica;
using Evently.ServiceDefaults;
using Npgsql;

namespace Evently.EventsService.Events;

/// <summary>
/// <c>PUT /api/v1/events/{id}</c> (admin): a partial update — fields left out (or null) keep their value; the merged
/// event is validated as a whole. Capacity may not go below the seats already sold (409); seats sold stay sold, so
/// <c>available_seats</c> moves by the same amount as the capacity. Seats sold are the larger of this database's count and
/// the shard's live count (the seat messages may still be on their way). A cancelled event can no longer be changed (409).
/// </summary>
public static class UpdateEvent
{
    private const string UpdateSql =
        $"""
        UPDATE events
        SET name = @Name, description = @Description, venue = @Venue, starts_at = @StartsAt, ends_at = @EndsAt,
            available_seats = @TotalCapacity - (total_capacity - available_seats), total_capacity = @TotalCapacity,
            price = @Price, currency = @Currency, hold_minutes = @HoldMinutes, version = version + 1, updated_at = now()
        WHERE id = @Id
        RETURNING {EventResponse.Columns}
        """;

    public static async Task<IResult> HandleAsync(Guid id, EventInput input, NpgsqlDataSource db, EventsCache cache, WriteFences fences, LiveSeatsOverlay liveSeats, TimeProvider clock, CancellationToken ct)
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
            return EventlyResults.Conflict("The event is cancelled and can no longer be changed.");
        }

        var errors = EventValidation.ForUpdate(input, current, clock.GetUtcNow(), out var fields);
        if (fields is null)
        {
            return EventlyResults.Validation(errors);
        }

        var (live, _) = await liveSeats.ApplyAsync(current, ct);
        var sold = current.TotalCapacity - Math.Min(current.AvailableSeats, live.AvailableSeats);
        if (fields.TotalCapacity < sold)
        {
            return EventlyResults.Conflict(
                $"Capacity cannot be lowered to {fields.TotalCapacity}: {sold} seats are already sold.");
        }

        if (Unchanged(current, fields))
        {
            // Nothing to tell anyone: no new version, no message.
            return Results.Ok(current);
        }

        var updated = await connection.QuerySingleAsync<EventResponse>(new CommandDefinition(UpdateSql, new
        {
            Id = id,
            fields.Name,
            fields.Description,
            fields.Venue,
            fields.StartsAt,
            fields.EndsAt,
            fields.TotalCapacity,
            fields.Price,
            fields.Currency,
            fields.HoldMinutes,
        }, tx, cancellationToken: ct));
        await EventChangedMessage.EnqueueAsync(connection, tx, updated, ct);
        await tx.CommitAsync(ct);
        // Before the invalidation: the refill it causes must not come from a standby without this write.
        await fences.AfterCommitAsync(connection, [id], listing: true);

        await cache.InvalidateEventAsync(id, CancellationToken.None);
        return Results.Ok(updated);
    }

    private static bool Unchanged(EventResponse current, EventFields fields) =>
        current.Name == fields.Name && current.Description == fields.Description && current.Venue == fields.Venue
        && current.StartsAt == fields.StartsAt.UtcDateTime && current.EndsAt == fields.EndsAt.UtcDateTime
        && current.TotalCapacity == fields.TotalCapacity && current.Price == fields.Price && current.Currency == fields.Currency
        && current.HoldMinutes == fields.HoldMinutes;
}
