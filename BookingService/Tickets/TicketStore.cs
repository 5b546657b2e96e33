using System.Diagnostics;
using Dapper;
using Evently.BookingService.Bookings;
using Evently.BookingService.Inventory;
using Evently.BookingService.Messaging;
using Evently.BookingService.Sharding;
using Evently.BookingService.Strategies;
using Evently.Contracts;

namespace Evently.BookingService.Tickets;

/// <summary>Reads of a booking's tickets, and the door check-in.</summary>
public sealed class TicketStore(ShardMap shards)
{
    public abstract record CheckInResult
    {
        public sealed record CheckedIn(TicketRecord Ticket, InventoryRow? Event) : CheckInResult;

        public sealed record NotFound : CheckInResult;

        public sealed record Cancelled : CheckInResult;

        public sealed record AlreadyCheckedIn(DateTime At) : CheckInResult;
    }

    /// <returns>The booking (null when it does not exist) and its tickets in seat order.</returns>
    public async Task<(BookingRecord? Booking, IReadOnlyList<TicketRecord> Tickets)> ForBookingAsync(Guid bookingId, CancellationToken ct)
    {
        if (shards.ForBooking(bookingId) is not { } shard)
        {
            return (null, []);
        }

        await using var connection = await shard.DataSource.OpenConnectionAsync(ct);
        var booking = await BookingQueries.ByIdAsync(connection, bookingId, ct);
        if (booking is null)
        {
            return (null, []);
        }

        var tickets = await connection.QueryAsync<TicketRecord>(new CommandDefinition(
            $"SELECT {TicketRecord.Columns} FROM tickets t JOIN bookings b ON b.id = t.booking_id WHERE t.booking_id = @bookingId ORDER BY t.seq",
            new { bookingId }, cancellationToken: ct));
        return (booking, tickets.ToList());
    }

    // The booking row is share-locked while the ticket is marked: a cancellation committed first makes this update
    // find no confirmed booking (and a cancellation that comes second waits for this transaction). Two scans of one
    // code: the second waits on the ticket row, then finds checked_in_at set and updates nothing.
    private const string CheckInSql =
        $"""
        WITH booking AS (
            SELECT b.id, b.status FROM bookings b
            WHERE b.id = (SELECT booking_id FROM tickets WHERE code = @code) AND b.status = 'confirmed'
            FOR SHARE
        )
        UPDATE tickets t SET checked_in_at = now(), checked_in_by = @staff
        FROM booking b
        WHERE t.code = @code AND t.booking_id = b.id AND t.checked_in_at IS NULL
        RETURNING {TicketRecord.Columns}
        """;

    public async Task<CheckInResult> CheckInAsync(string code, int shardIndex, Guid staff, CancellationToken ct)
    {
        if (shardIndex >= shards.Count)
        {
            return new CheckInResult.NotFound();
        }

        await using var connection = await shards.Shards[shardIndex].DataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var ticket = await connection.QuerySingleOrDefaultAsync<TicketRecord>(new CommandDefinition(CheckInSql, new { code, staff }, tx, cancellationToken: ct));
        if (ticket is null)
        {
            var existing = await connection.QuerySingleOrDefaultAsync<TicketRecord>(new CommandDefinition(
                $"SELECT {TicketRecord.Columns} FROM tickets t JOIN bookings b ON b.id = t.booking_id WHERE t.code = @code",
                new { code }, tx, cancellationToken: ct));
            await tx.RollbackAsync(ct);
            return existing switch
            {
                null => new CheckInResult.NotFound(),
                { Status: TicketRecord.Cancelled } => new CheckInResult.Cancelled(),
                { CheckedInAt: { } scanned } => new CheckInResult.AlreadyCheckedIn(DateTime.SpecifyKind(scanned, DateTimeKind.Utc)),
                // Not reachable: a confirmed, unscanned ticket is updated above.
                _ => new CheckInResult.NotFound(),
            };
        }

        var at = new DateTimeOffset(DateTime.SpecifyKind(ticket.CheckedInAt!.Value, DateTimeKind.Utc));
        var outbox = new OutboxRows();
        outbox.Add(new TicketCheckedIn(ticket.Id, ticket.BookingId, ticket.EventId, ticket.UserId, staff, at, DateTimeOffset.UtcNow),
            Activity.Current?.Id);
        await connection.ExecuteAsync(new CommandDefinition(OutboxRows.InsertSql, outbox.Parameters, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        var inventory = await SeatTransaction.ReadAsync(connection, null, ticket.EventId, forUpdate: false, ct);
        return new CheckInResult.CheckedIn(ticket, inventory);
    }
}
