namespace Evently.Data.Caching;

/// <summary>Tags of cached event reads, shared by the events service (which caches and invalidates) and the gateway.</summary>
public static class CacheTags
{
    /// <summary>Every listing page carries it; only an event's own change (not a seat change) invalidates it.</summary>
    public const string EventListing = "events:list";

    private const string EventPrefix = "event:";

    public static string Event(Guid id) => EventPrefix + id.ToString("N");

    /// <summary>Whether <paramref name="tag"/> is <see cref="Event"/>'s tag, and of which event.</summary>
    public static bool IsEvent(string tag, out Guid id)
    {
        id = default;
        return tag.StartsWith(EventPrefix, StringComparison.Ordinal) && Guid.TryParseExact(tag[EventPrefix.Length..], "N", out id);
    }
}
