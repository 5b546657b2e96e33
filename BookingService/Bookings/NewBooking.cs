namespace Evently.BookingService.Bookings;

/// <summary>A booking about to be confirmed: its row plus what its BookingConfirmed message needs.</summary>
public sealed record NewBooking(
    Guid Id, Guid EventId, Guid UserId, int Quantity, string? IdempotencyKey, string? RequestHash,
    decimal UnitPrice, string Currency, int AvailableSeatsRemaining, int TotalCapacity, long InventoryVersion,
    Guid? WaitlistEntryId, DateTime CreatedAt, string? TraceParent)
{
    public BookingRecord ToRecord() => new(Id, EventId, UserId, Quantity, BookingRecord.Confirmed, IdempotencyKey, RequestHash,
        UnitPrice, AvailableSeatsRemaining, WaitlistEntryId, CreatedAt, null);
}
