using Dapper;
using Evently.BookingService.Bookings;
using Evently.BookingService.Inventory;
using Npgsql;

namespace Evently.BookingService.Strategies;

/// <summary>Pieces the per-request strategies share: explaining a refused update, and writing the booking.</summary>
public static class SeatTransaction
{
    /// <summary>The inventory row after a successful seat update (RETURNING).</summary>
    public sealed record SeatsTaken(int AvailableSeats, int TotalCapacity, long Version, decimal Price, string Currency);

    public const string Returning =
        "RETURNING available_seats AS AvailableSeats, total_capacity AS TotalCapacity, version AS Version, price AS Price, currency AS Currency";

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
    public static async Task<BookOutcome> CommitBookingAsync(NpgsqlConnection connection, NpgsqlTransaction tx, BookingAttempt attempt,
        SeatsTaken seats, CancellationToken ct)
    {
        var booking = new NewBooking(attempt.BookingId, attempt.EventId, attempt.UserId, attempt.Quantity, attempt.IdempotencyKey,
            attempt.RequestHash, seats.Price, seats.Currency, seats.AvailableSeats, seats.TotalCapacity, seats.Version, null,
            attempt.CreatedAt, attempt.TraceParent);
        try
        {
            await BookingWrites.InsertConfirmedAsync(connection, tx, [booking], ct);
            await tx.CommitAsync(ct);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && attempt.IdempotencyKey is not null)
        {
            await tx.RollbackAsync(CancellationToken.None);
            return new BookOutcome.DuplicateKey();
        }

        return new BookOutcome.Booked(booking.ToRecord());
    }
}
