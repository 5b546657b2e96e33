namespace Evently.Contracts;

/// <summary>A ticket was scanned at the door for the first time (a second scan changes nothing and sends nothing).</summary>
public sealed record TicketCheckedIn(
    Guid TicketId,
    Guid BookingId,
    Guid EventId,
    Guid UserId,
    Guid CheckedInBy,
    DateTimeOffset CheckedInAt,
    DateTimeOffset OccurredAt);
