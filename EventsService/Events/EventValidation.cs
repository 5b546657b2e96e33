namespace Evently.EventsService.Events;

/// <summary>The field rules of an event, reported per field (<c>errors: { field: [messages] }</c>).</summary>
public static class EventValidation
{
    public const int MaxNameLength = 200;
    public const int MaxVenueLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxCapacity = 1_000_000;
    public const string DefaultCurrency = "USD";
    public const int MinHoldMinutes = 1;
    public const int MaxHoldMinutes = 60;

    /// <summary>Validates a create request; on success <paramref name="fields"/> holds the normalised values.</summary>
    public static Dictionary<string, string[]> ForCreate(EventInput input, DateTimeOffset now, out EventFields? fields) =>
        Validate(input, current: null, now, out fields);

    /// <summary>
    /// Validates a partial update merged over the current event. <c>starts_at</c> must be in the future only when it
    /// changes, so an event that already started can still get a new description.
    /// </summary>
    public static Dictionary<string, string[]> ForUpdate(EventInput input, EventResponse current, DateTimeOffset now, out EventFields? fields) =>
        Validate(input, current, now, out fields);

    private static Dictionary<string, string[]> Validate(EventInput input, EventResponse? current, DateTimeOffset now, out EventFields? fields)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Fail(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field, []), message];

        var name = input.Name?.Trim() ?? current?.Name;
        if (string.IsNullOrEmpty(name))
        {
            Fail("name", "Name is required.");
        }
        else if (name.Length > MaxNameLength)
        {
            Fail("name", $"Name must be at most {MaxNameLength} characters.");
        }

        var venue = input.Venue?.Trim() ?? current?.Venue ?? "";
        if (venue.Length > MaxVenueLength)
        {
            Fail("venue", $"Venue must be at most {MaxVenueLength} characters.");
        }

        var description = input.Description ?? current?.Description ?? "";
        if (description.Length > MaxDescriptionLength)
        {
            Fail("description", $"Description must be at most {MaxDescriptionLength} characters.");
        }

        long? capacity = input.TotalCapacity ?? current?.TotalCapacity;
        if (capacity is null)
        {
            Fail("total_capacity", "Total capacity is required.");
        }
        else if (capacity is < 1 or > MaxCapacity)
        {
            Fail("total_capacity", $"Total capacity must be between 1 and {MaxCapacity:N0}.");
        }

        var currentStart = current is null ? (DateTimeOffset?)null : new DateTimeOffset(current.StartsAt, TimeSpan.Zero);
        var startsAt = input.StartsAt ?? currentStart;
        if (startsAt is null)
        {
            Fail("starts_at", "Start time is required.");
        }
        else if (startsAt != currentStart && startsAt <= now)
        {
            Fail("starts_at", "Start time must be in the future.");
        }

        var endsAt = input.EndsAt ?? (current is null ? null : new DateTimeOffset(current.EndsAt, TimeSpan.Zero));
        if (endsAt is null)
        {
            Fail("ends_at", "End time is required.");
        }
        else if (startsAt is not null && endsAt <= startsAt)
        {
            Fail("ends_at", "End time must be after the start time.");
        }

        var price = input.Price ?? current?.Price ?? 0m;
        if (price < 0)
        {
            Fail("price", "Price must be zero or more.");
        }

        var currency = (input.Currency?.Trim() ?? current?.Currency ?? DefaultCurrency).ToUpperInvariant();
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
        {
            Fail("currency", "Currency must be a 3-letter code such as USD.");
        }

        long holdMinutes = input.HoldMinutes ?? current?.HoldMinutes ?? Contracts.EventChanged.DefaultHoldMinutes;
        if (holdMinutes is < MinHoldMinutes or > MaxHoldMinutes)
        {
            Fail("hold_minutes", $"Hold minutes must be between {MinHoldMinutes} and {MaxHoldMinutes}.");
        }

        fields = errors.Count == 0
            ? new EventFields(name!, description, venue, startsAt!.Value.ToUniversalTime(), endsAt!.Value.ToUniversalTime(),
                (int)capacity!.Value, price, currency, (int)holdMinutes)
            : null;
        return errors;
    }
}
