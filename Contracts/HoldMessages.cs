namespace Evently.Contracts;

/// <summary>
/// Seats were taken out of general sale for a buyer's checkout (a timed hold). <see cref="AvailableSeats"/> and
/// <see cref="InventoryVersion"/> are the event's count and version right after, like every seat message.
/// </summary>
public sealed record SeatsHeld(
    Guid HoldId,
    Guid EventId,
    Guid UserId,
    int Quantity,
    int AvailableSeats,
    int TotalCapacity,
    long InventoryVersion,
    DateTimeOffset ExpiresAt,
    DateTimeOffset OccurredAt);

/// <summary>
/// A checkout hold ran out before it was confirmed; its seats went to the waitlist first, the rest back on sale
/// (a <see cref="SeatReleased"/> with reason <see cref="ReleaseReasons.HoldExpired"/> carries the resulting count).
/// </summary>
public sealed record HoldExpired(
    Guid HoldId,
    Guid EventId,
    Guid UserId,
    int Quantity,
    DateTimeOffset ExpiresAt,
    DateTimeOffset OccurredAt);
