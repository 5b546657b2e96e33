namespace Evently.BookingService.Holds;

/// <summary>
/// A hold as the API shows it (snake_case). The ended states read from the clock as well as the row: a hold past
/// <c>expires_at</c> is expired to its owner even before the sweep has returned its seats.
/// </summary>
public sealed record HoldView(
    bool Success, Guid Id, Guid EventId, int Quantity, string Status, DateTime ExpiresAt, Guid? BookingId, DateTime CreatedAt,
    int? AvailableSeatsRemaining)
{
    public static HoldView From(HoldRecord h, DateTime now, int? availableSeatsRemaining = null) => new(true, h.Id, h.EventId,
        h.Quantity, h.Status == HoldRecord.Active && !h.IsLiveAt(now) ? HoldRecord.Expired : h.Status, Utc(h.ExpiresAt), h.BookingId,
        Utc(h.CreatedAt), availableSeatsRemaining);

    private static DateTime Utc(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc);
}
