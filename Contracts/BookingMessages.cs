namespace Evently.Contracts;

/// <summary>A booking was confirmed; <see cref="AvailableSeats"/> is the event's count right after it.</summary>
public sealed record BookingConfirmed(
    Guid BookingId,
    Guid EventId,
    Guid UserId,
    int Quantity,
    decimal UnitPrice,
    string Currency,
    int AvailableSeats,
    int TotalCapacity,
    Guid? WaitlistEntryId,
    DateTimeOffset OccurredAt);

/// <summary>Seats went back to the event: a cancellation, a cancelled event or an expired waitlist hold.</summary>
public sealed record SeatReleased(
    Guid BookingId,
    Guid EventId,
    Guid UserId,
    int Quantity,
    int AvailableSeats,
    int TotalCapacity,
    string Reason,
    DateTimeOffset OccurredAt);

/// <summary>Why seats were released.</summary>
public static class ReleaseReasons
{
    public const string Cancelled = "cancelled";
    public const string EventCancelled = "event-cancelled";
}
