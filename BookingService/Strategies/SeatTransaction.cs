using Dapper;
using Evently.BookingService.Bookings;
using Evently.BookingService.Inventory;
using Npgsql;

namespace Evently.BookingService.Strategies;

/// <summary>
/// Pieces the per-request strategies share: reading and explaining the row, and writing the booking. Synchronous:
/// they run on <see cref="DatabaseWorkers"/> threads.
/// </summary>
public static class SeatTransaction
{
    /// <summary>The inventory row after a successful seat update (RETURNING).</summary>
    public sealed record SeatsTaken(int AvailableSeats, int TotalCapacity, long Version, decimal Price, string Currency);

    public const string Returning =
        "RETURNING available_seats AS AvailableSeats, total_capacity AS TotalCapacity, version AS Version, price AS Price, currency AS Currency";

    public static InventoryRow? Read(NpgsqlConnection connection, NpgsqlTransaction? tx, Guid eventId, bool forUpdate) =>
        connection.QuerySingleOrDefault<InventoryRow>(
            $"SELECT {InventoryRow.Columns} FROM event_inventory WHERE event_id = @eventId" + (forUpdate ? " FOR UPDATE" : ""),
            new { eventId }, tx);

    public static Task<InventoryRow?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, Guid eventId, bool forUpdate, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<InventoryRow>(new CommandDefinition(
            $"SELECT {InventoryRow.Columns} FROM event_inventory WHERE event_id = @eventId" + (forUpdate ? " FOR UPDATE" : ""),
            new { eventId }, tx, cancellationToken: ct));

    /// <summary>Why a request cannot be served from this row, or null when it fits.</summary>
    public static BookOutcome? Refusal(InventoryRow? row, int quantity) => row switch
    {
        null => new BookOutcome.EventUnknown(),
        { IsCancelled: true } => new BookOutcome.EventCancelled(),
        { AvailableSeats: var available } when available < quantity => new BookOutcome.NotEnoughSeats(available),
        _ => null,
    };

    /// <summary>Inserts the booking and its message and commits; a raced Idempotency-Key rolls everything back.</summary>
    public static BookOutcome CommitBooking(NpgsqlConnection connection, NpgsqlTransaction tx, BookingAttempt attempt, SeatsTaken seats)
    {
        var booking = new NewBooking(attempt.BookingId, attempt.EventId, attempt.UserId, attempt.Quantity, attempt.IdempotencyKey,
            attempt.RequestHash, seats.Price, seats.Currency, seats.AvailableSeats, seats.TotalCapacity, seats.Version, null,
            attempt.CreatedAt, attempt.TraceParent);
        try
        {
            connection.Execute(BookingWrites.InsertConfirmedCommand(tx, [booking]));
            tx.Commit();
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && attempt.IdempotencyKey is not null)
        {
            tx.Rollback();
            return new BookOutcome.DuplicateKey();
        }

        return new BookOutcome.Booked(booking.ToRecord());
    }
}
