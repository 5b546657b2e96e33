using Dapper;
using Evently.EventsService.Caching;
using Evently.EventsService.Replica;
using Evently.ServiceDefaults;
using Npgsql;

namespace Evently.EventsService.Events;

/// <summary><c>POST /api/v1/events</c> (admin): 201 with the new event; an EventChanged leaves through the outbox.</summary>
public static class CreateEvent
{
    private const string InsertSql =
        $"""
        INSERT INTO events (id, name, description, venue, starts_at, ends_at, total_capacity, available_seats, price, currency,
                            hold_minutes, status)
        VALUES (@Id, @Name, @Description, @Venue, @StartsAt, @EndsAt, @TotalCapacity, @TotalCapacity, @Price, @Currency, @HoldMinutes,
                'scheduled')
        RETURNING {EventResponse.Columns}
        """;

    public static async Task<IResult> HandleAsync(EventInput input, NpgsqlDataSource db, EventsCache cache, WriteFences fences, TimeProvider clock, CancellationToken ct)
    {
        var errors = EventValidation.ForCreate(input, clock.GetUtcNow(), out var fields);
        if (fields is null)
        {
            return EventlyResults.Validation(errors);
        }

        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var created = await connection.QuerySingleAsync<EventResponse>(new CommandDefinition(InsertSql, new
        {
            Id = Guid.CreateVersion7(),
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
        await EventChangedMessage.EnqueueAsync(connection, tx, created, ct);
        await tx.CommitAsync(ct);
        // Before the invalidation: the refill it causes must not come from a standby without this write.
        await fences.AfterCommitAsync(connection, [created.Id], listing: true);

        await cache.InvalidateEventAsync(created.Id, CancellationToken.None);
        return Results.Created($"/api/v1/events/{created.Id}", created);
    }
}
