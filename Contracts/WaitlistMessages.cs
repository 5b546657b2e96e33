namespace Evently.Contracts;

/// <summary>Someone joined an event's waitlist.</summary>
public sealed record WaitlistJoined(
    Guid EntryId,
    Guid EventId,
    Guid UserId,
    int Quantity,
    DateTimeOffset OccurredAt);

/// <summary>Someone left a waitlist without being booked.</summary>
public sealed record WaitlistLeft(
    Guid EntryId,
    Guid EventId,
    Guid UserId,
    int Quantity,
    DateTimeOffset OccurredAt);

/// <summary>A waitlisted user got a confirmed booking from released seats.</summary>
public sealed record WaitlistPromoted(
    Guid EntryId,
    Guid EventId,
    Guid UserId,
    Guid BookingId,
    int Quantity,
    int AvailableSeats,
    long InventoryVersion,
    DateTimeOffset OccurredAt);

/// <summary>
/// The booking service booked released seats for a waitlist entry (the same booking also goes out as BookingConfirmed).
/// The waitlist needs only these, not every confirmation of an on-sale, so they travel on their own.
/// </summary>
public sealed record WaitlistEntryBooked(
    Guid EntryId,
    Guid BookingId,
    Guid EventId,
    Guid UserId,
    int Quantity,
    int AvailableSeats,
    long InventoryVersion,
    DateTimeOffset OccurredAt);
