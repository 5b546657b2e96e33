using Dapper;
using Evently.Contracts;
using Evently.Messaging;
using Evently.ServiceDefaults;
using Npgsql;

namespace Evently.WaitlistService.Entries;

/// <summary>
/// Leaves a waitlist: the entry turns <c>left</c> and WaitlistLeft goes out in the same transaction (the booking
/// service then stops holding seats for it). Leaving twice is harmless; an entry already booked cannot be left.
/// </summary>
public sealed class LeaveWaitlist(NpgsqlDataSource dataSource)
{
    public async Task<IResult> ExecuteAsync(Guid id, Guid userId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var entry = await connection.QuerySingleOrDefaultAsync<WaitlistEntry>(new CommandDefinition(
            $"SELECT {WaitlistEntry.Columns} FROM waitlist_entries WHERE id = @id AND user_id = @userId FOR UPDATE",
            new { id, userId }, tx, cancellationToken: ct));
        if (entry is null)
        {
            return EventlyResults.NotFound("Waitlist entry not found.");
        }

        switch (entry.Status)
        {
            case WaitlistEntry.Booked:
                return EventlyResults.Conflict($"This entry already has booking {entry.BookingId}; cancel the booking instead.");
            case WaitlistEntry.Left or WaitlistEntry.Cancelled:
                return Results.Ok(WaitlistEntryView.From(entry, null));
        }

        var left = await connection.QuerySingleAsync<WaitlistEntry>(new CommandDefinition(
            $"UPDATE waitlist_entries SET status = 'left', updated_at = now() WHERE id = @id RETURNING {WaitlistEntry.Columns}",
            new { id }, tx, cancellationToken: ct));
        await Outbox.EnqueueAsync(connection, tx, new WaitlistLeft(left.Id, left.EventId, left.UserId, left.Quantity,
            new DateTimeOffset(DateTime.SpecifyKind(left.UpdatedAt, DateTimeKind.Utc))), ct);
        await tx.CommitAsync(ct);
        return Results.Ok(WaitlistEntryView.From(left, null));
    }
}
