using System.Diagnostics.Metrics;
using System.Globalization;
using Evently.Data.Caching;
using Evently.EventsService.Replica;
using Microsoft.Extensions.Caching.Hybrid;
using StackExchange.Redis;

namespace Evently.EventsService.Caching;

/// <summary>
/// Cache-aside over HybridCache (in-process L1, Redis L2) for the listing and event detail.
/// Entries live <c>Events:CacheSeconds</c> (listed seat counts may lag that much at most); admin changes and seat
/// messages invalidate by tag, which HybridCache applies to this replica's L1 at once and records in Redis for the next
/// reader; the tags are also announced on Redis so every other replica drops its L1 copies (<see cref="ReplicaInvalidations"/>)
/// and every gateway its short-lived copies of the listing. While Redis is unreachable the cache is bypassed altogether: answers come from the database with <c>cached: false</c>.
/// </summary>
public sealed class EventsCache(HybridCache cache, IConnectionMultiplexer redis, CacheInvalidationChannel invalidations,
    EventsCacheSettings settings, WriteFences fences)
{
    /// <summary>Every listing page carries this tag, so one invalidation refreshes all pages and filters.</summary>
    public const string ListingTag = CacheTags.EventListing;

    public static readonly Meter Meter = new("Evently.Events");
    private static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "evently.cache.requests", "{request}", "Cache lookups of the events service, tagged result=hit|miss and cache=listing|detail.");

    private readonly HybridCacheEntryOptions _entryOptions = new()
    {
        Expiration = settings.Ttl,
        LocalCacheExpiration = settings.Ttl,
    };

    private readonly HybridCacheEntryOptions _localOptions = new()
    {
        Expiration = settings.Ttl,
        LocalCacheExpiration = settings.Ttl,
        Flags = HybridCacheEntryFlags.DisableDistributedCache,
    };

    public static string EventTag(Guid id) => CacheTags.Event(id);

    /// <param name="localOnly">
    /// Keep the entry in this replica's L1 only, never in Redis: for keys of many distinct values (a listing per query
    /// string), where a miss here is nearly always a miss in Redis too, so L2 would only add a read and a write of the
    /// whole page to every miss and fill the Redis the booking path shares. Invalidations still reach every replica.
    /// </param>
    /// <returns>The value and whether it came from the cache (the loader did not run for this call).</returns>
    public async ValueTask<(T Value, bool Cached)> GetOrLoadAsync<T>(string kind, string key, string[] tags,
        Func<CancellationToken, Task<T>> load, bool localOnly, CancellationToken ct)
    {
        if (!redis.IsConnected)
        {
            Count(kind, hit: false);
            return (await load(ct), false);
        }

        var state = new LoadState<T>(load);
        var value = await cache.GetOrCreateAsync(key, state, static async (s, token) =>
        {
            s.Loaded = true;
            return await s.Load(token);
        }, localOnly ? _localOptions : _entryOptions, tags, ct);
        Count(kind, hit: !state.Loaded);
        return (value, !state.Loaded);
    }

    /// <summary>
    /// Only these events' seat counts moved: drop their details (one call for a batch), not the listing. During an on-sale seats move many times a
    /// second; dropping every listing page each time would send every browser to the database, so listings show seat
    /// counts up to the cache time old (the detail and the booking itself are exact).
    /// </summary>
    public ValueTask InvalidateSeatsAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.ToList();
        return InvalidateAsync([.. list.Select(EventTag)], [.. list.Select(ReadScope.Event)], ct);
    }

    /// <summary>An event's details changed: drop its detail and every listing page.</summary>
    public ValueTask InvalidateEventAsync(Guid id, CancellationToken ct) =>
        InvalidateAsync([EventTag(id), ListingTag], [ReadScope.Event(id), ReadScope.Listing], ct);

    /// <summary>
    /// Drops the local copies and tells the other replicas, with the write's WAL position: they refill from the standby
    /// only once it has replayed that far, as this replica does (<see cref="WriteFences"/>).
    /// </summary>
    private async ValueTask InvalidateAsync(string[] tags, ReadScope[] scopes, CancellationToken ct)
    {
        await cache.RemoveByTagAsync(tags, ct);
        invalidations.Publish(tags, fences.KnownFence(scopes)?.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>What a tag covers, for read-your-writes: an event's detail, every listing page, or nothing known.</summary>
    public static ReadScope? ScopeOf(string tag) =>
        tag == ListingTag ? ReadScope.Listing
        : CacheTags.IsEvent(tag, out var id) ? ReadScope.Event(id)
        : null;

    private long _hits;
    private long _misses;

    /// <summary>Hits and misses since start, for services that want the hit rate without an OTLP pipeline.</summary>
    public (long Hits, long Misses) Totals => (Interlocked.Read(ref _hits), Interlocked.Read(ref _misses));

    private void Count(string kind, bool hit)
    {
        Interlocked.Increment(ref hit ? ref _hits : ref _misses);
        Requests.Add(1, new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"), new KeyValuePair<string, object?>("cache", kind));
    }

    private sealed class LoadState<T>(Func<CancellationToken, Task<T>> load)
    {
        public Func<CancellationToken, Task<T>> Load { get; } = load;
        public bool Loaded { get; set; }
    }
}

/// <summary><c>Events:CacheSeconds</c> (default 5): how long a cached answer, and so a seat count in it, may be reused.</summary>
public sealed record EventsCacheSettings(TimeSpan Ttl);
