namespace Evently.BookingService.Bookings;

/// <summary>A booking as the API shows it (snake_case on the wire).</summary>
public sealed record BookingView(
    Guid Id, Guid EventId, Guid UserId, int SeatsBooked, string Status, decimal UnitPrice, decimal TotalPrice,
    int AvailableSeatsRemaining, Guid? WaitlistEntryId, DateTime CreatedAt, DateTime? CancelledAt)
{
    public static BookingView From(BookingRecord b) => new(b.Id, b.EventId, b.UserId, b.Quantity, b.Status, b.UnitPrice,
        b.UnitPrice * b.Quantity, b.AvailableSeatsRemaining, b.WaitlistEntryId, DateTime.SpecifyKind(b.CreatedAt, DateTimeKind.Utc),
        b.CancelledAt is { } c ? DateTime.SpecifyKind(c, DateTimeKind.Utc) : null);
}

/// <summary>The seed's booking confirmation: <c>{"success": true, "booking": {...}}</c>.</summary>
public sealed record BookingCreatedResponse(bool Success, BookingCreatedView Booking);

public sealed record BookingCreatedView(Guid Id, Guid EventId, int SeatsBooked, string Status, int AvailableSeatsRemaining, DateTime CreatedAt)
{
    public static BookingCreatedView From(BookingRecord b) =>
        new(b.Id, b.EventId, b.Quantity, b.Status, b.AvailableSeatsRemaining, DateTime.SpecifyKind(b.CreatedAt, DateTimeKind.Utc));
}

public sealed record BookingResponse(bool Success, BookingView Booking);

public sealed record BookingListResponse(bool Success, IReadOnlyList<BookingView> Bookings, int Page, int PageSize, long Total,
    IReadOnlyList<string> UnavailableShards);
