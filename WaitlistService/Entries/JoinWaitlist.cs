using Dapper;
using Evently.Contracts;
using Evently.Messaging;
using Evently.ServiceDefaults;
using Evently.WaitlistService.Inventory;
using Npgsql;

namespace Evently.WaitlistService.Entries;

/// <summary>
/// Joins an event's waitlist when the seats asked for cannot be booked right now. One active entry per user and event:
/// joining again (also two joins racing) returns the existing entry. WaitlistJoined leaves through the outbox in the
/// same transaction as the row, so the booking service's replica learns about every entry exactly once.
/// </summary>
public sealed class JoinWaitlist(NpgsqlDataSource dataSource, BookingInventoryClient inventory, ILogger<JoinWaitlist> logger)
{
    public sealed record Request(Guid? EventId, int? Quantity);

    public async Task<IResult> ExecuteAsync(Guid userId, Request request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.EventId is null || request.EventId == Guid.Empty)
        {
            errors["event_id"] = ["event_id is required."];
        }

        if (request.Quantity is null)
        {
            errors["quantity"] = ["quantity is required."];
        }
        else if (request.Quantity < 1)
        {
            errors["quantity"] = ["quantity must be at least 1."];
        }

        if (errors.Count > 0)
        {
            return EventlyResults.Validation(errors);
        }

        var eventId = request.EventId!.Value;
        var quantity = request.Quantity!.Value;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        if (await WaitlistQueries.ActiveAsync(connection, eventId, userId, ct) is { } existing)
        {
            return Results.Ok(await WaitlistQueries.ViewAsync(connection, existing, ct));
        }

        EventInventory? seats;
        try
        {
            seats = await inventory.GetAsync(eventId, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException
                                   && !ct.IsCancellationRequested)
        {
            logger.LogWarning("Booking inventory for {EventId} unavailable: {Reason}", eventId, ex.Message);
            return EventlyResults.ServiceUnavailable("Seat availability cannot be checked right now. Please try again shortly.");
        }

        if (seats is null)
        {
            return EventlyResults.NotFound("Event not found.");
        }

        if (seats.Status == EventStatuses.Cancelled)
        {
            return EventlyResults.Conflict("This event has been cancelled.");
        }

        if (quantity > seats.TotalCapacity)
        {
            return EventlyResults.Conflict($"The event has only {seats.TotalCapacity} seats in total.");
        }

        // "Sold out" for this request: the seats asked for cannot be booked now. Held seats are reserved for people
        // already waiting, so they do not count as available.
        if (seats.AvailableSeats >= quantity)
        {
            return EventlyResults.Conflict("Seats are available, book them directly");
        }

        await using var tx = await connection.BeginTransactionAsync(ct);
        // Joins of one event take turns (until commit), so join order, created_at and the positions returned agree:
        // two people joining at once get positions n and n+1, never both n.
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", new { key = "waitlist:" + eventId }, tx, cancellationToken: ct));
        var entry = await connection.QuerySingleOrDefaultAsync<WaitlistEntry>(new CommandDefinition(
            $"""
            INSERT INTO waitlist_entries (id, event_id, user_id, quantity, status)
            VALUES (@id, @eventId, @userId, @quantity, 'waiting')
            ON CONFLICT (event_id, user_id) WHERE status = 'waiting' DO NOTHING
            RETURNING {WaitlistEntry.Columns}
            """, new { id = Guid.CreateVersion7(), eventId, userId, quantity }, tx, cancellationToken: ct));
        if (entry is null)
        {
            // A concurrent join of the same user won: answer with its entry.
            await tx.RollbackAsync(ct);
            var winner = await WaitlistQueries.ActiveAsync(connection, eventId, userId, ct);
            return winner is null
                ? EventlyResults.Conflict("The waitlist entry changed meanwhile. Please try again.")
                : Results.Ok(await WaitlistQueries.ViewAsync(connection, winner, ct));
        }

        await Outbox.EnqueueAsync(connection, tx, new WaitlistJoined(entry.Id, entry.EventId, entry.UserId, entry.Quantity,
            new DateTimeOffset(DateTime.SpecifyKind(entry.CreatedAt, DateTimeKind.Utc))), ct);
        var view = await WaitlistQueries.ViewAsync(connection, entry, ct, tx);
        await tx.CommitAsync(ct);
        return Results.Created($"/api/v1/waitlist/{entry.Id}", view);
    }
}
