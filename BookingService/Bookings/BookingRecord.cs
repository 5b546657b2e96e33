namespace Evently.BookingService.Bookings;

/// <summary>One <c>bookings</c> row.</summary>
public sealed record BookingRecord(
    Guid Id, Guid EventId, Guid UserId, int Quantity, string Status, string? IdempotencyKey, string? RequestHash,
    decimal UnitPrice, int AvailableSeatsRemaining, Guid? WaitlistEntryId, DateTime CreatedAt, DateTime? CancelledAt)
{
    public const string Confirmed = "confirmed";
    public const string Cancelled = "cancelled";

    public const string Columns =
        "id AS Id, event_id AS EventId, user_id AS UserId, quantity AS Quantity, status AS Status, " +
        "idempotency_key AS IdempotencyKey, request_hash AS RequestHash, unit_price AS UnitPrice, " +
        "available_seats_remaining AS AvailableSeatsRemaining, waitlist_entry_id AS WaitlistEntryId, " +
        "created_at AS CreatedAt, cancelled_at AS CancelledAt";
}
