namespace Evently.Contracts;

/// <summary>
/// A booking was confirmed (sent inside <see cref="BookingsConfirmed"/>; published alone by earlier versions); <see cref="AvailableSeats"/> is the event's count right after it and
/// <see cref="InventoryVersion"/> the event inventory's version then (grows by one per change), so consumers
/// receiving messages out of order keep the newest count.
/// </summary>
public sealed record BookingConfirmed(
    Guid BookingId,
    Guid EventId,
    Guid UserId,
    int Quantity,
    decimal UnitPrice,
    string Currency,
    int AvailableSeats,
    int TotalCapacity,
    long InventoryVersion,
    Guid? WaitlistEntryId,
    DateTimeOffset OccurredAt);

/// <summary>
/// The bookings one transaction confirmed for one event (a group commit carries hundreds in an on-sale): one message
/// instead of one per booking, so the relay, the broker and every consumer pay their per-message cost once per commit.
/// Each item is what a single booking's message says; the event's newest count is the item with the highest
/// <see cref="BookingConfirmed.InventoryVersion"/>.
/// </summary>
public sealed record BookingsConfirmed(Guid EventId, IReadOnlyList<BookingConfirmed> Bookings);

/// <summary>
/// Seats went back to the event: a cancellation, a cancelled event, an expired waitlist hold or an ended checkout hold
/// (<see cref="BookingId"/> is empty when no booking is involved).
/// </summary>
public sealed record SeatReleased(
    Guid BookingId,
    Guid EventId,
    Guid UserId,
    int Quantity,
    int AvailableSeats,
    int TotalCapacity,
    long InventoryVersion,
    string Reason,
    DateTimeOffset OccurredAt);

/// <summary>Why seats were released.</summary>
public static class ReleaseReasons
{
    public const string Cancelled = "cancelled";
    public const string EventCancelled = "event-cancelled";

    /// <summary>Seats held for the waitlist went back on sale (hold ended or nobody waits); no booking is involved.</summary>
    public const string HoldReleased = "waitlist-hold-released";

    /// <summary>A buyer's checkout hold ran out unconfirmed (no booking is involved; the hold id is in HoldExpired).</summary>
    public const string HoldExpired = "hold-expired";

    /// <summary>A buyer let go of a checkout hold before it ran out.</summary>
    public const string HoldCancelled = "hold-cancelled";
}
