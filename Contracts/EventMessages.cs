namespace Evently.Contracts;

/// <summary>
/// Published by the events service whenever an event is created, changed or cancelled.
/// <see cref="Version"/> grows with every change, so consumers can ignore stale copies.
/// </summary>
public sealed record EventChanged(
    Guid EventId,
    string Name,
    string Venue,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    int TotalCapacity,
    decimal Price,
    string Currency,
    string Status,
    long Version,
    DateTimeOffset OccurredAt,
    int HoldMinutes = EventChanged.DefaultHoldMinutes)
{
    /// <summary>How long a checkout hold keeps its seats when the event does not say (also for messages written before holds existed).</summary>
    public const int DefaultHoldMinutes = 10;
}

/// <summary>Event statuses as they travel in messages and JSON.</summary>
public static class EventStatuses
{
    public const string Scheduled = "scheduled";
    public const string Cancelled = "cancelled";
}
