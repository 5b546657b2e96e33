namespace Evently.Data.Caching;

/// <summary>Tags of cached event reads, shared by the events service (which caches and invalidates) and the gateway.</summary>
public static class CacheTags
{
    /// <summary>Every listing page carries it; only an event's own change (not a seat change) invalidates it.</summary>
    public const string EventListing = "events:list";

    public static string Event(Guid id) => $"event:{id:N}";
}
