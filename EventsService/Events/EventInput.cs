namespace Evently.EventsService.Events;

/// <summary>
/// Body of <c>POST /events</c> and <c>PUT /events/{id}</c>. Every field is optional in the type so that a missing
/// field becomes a field-level validation error (create) or "keep the current value" (update, a partial update).
/// Capacity is a long so that an out-of-range number is a field error rather than a JSON error.
/// </summary>
public sealed record EventInput(
    string? Name,
    string? Description,
    string? Venue,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    long? TotalCapacity,
    decimal? Price,
    string? Currency,
    long? HoldMinutes = null);

/// <summary>An event's editable fields after defaults (create) or the current values (update) are filled in.</summary>
public sealed record EventFields(
    string Name,
    string Description,
    string Venue,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    int TotalCapacity,
    decimal Price,
    string Currency,
    int HoldMinutes);
