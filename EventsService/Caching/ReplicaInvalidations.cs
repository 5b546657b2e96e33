using System.Globalization;
using Evently.Data.Caching;
using Evently.EventsService.Replica;
using Microsoft.Extensions.Caching.Hybrid;

namespace Evently.EventsService.Caching;

/// <summary>
/// Applies another events replica's invalidations to this replica's HybridCache. It calls the cache directly, never
/// <see cref="EventsCache"/>, so a received invalidation is not announced again (no echo between replicas). The
/// writer's WAL position comes first: this replica then refills those copies from the standby only once it has
/// replayed the write, as the writer itself would.
/// </summary>
public sealed class ReplicaInvalidations(HybridCache cache, WriteFences fences) : ICacheInvalidationHandler
{
    public Task OnInvalidatedAsync(CacheInvalidation invalidation)
    {
        if (ulong.TryParse(invalidation.ReadAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var lsn))
        {
            foreach (var scope in invalidation.Tags.Select(EventsCache.ScopeOf).OfType<ReadScope>())
            {
                fences.Raise(scope, lsn);
            }
        }

        return cache.RemoveByTagAsync(invalidation.Tags).AsTask();
    }

    /// <summary>"*" is HybridCache's wildcard tag: everything cached before now is stale.</summary>
    public Task OnResyncAsync() => cache.RemoveByTagAsync("*").AsTask();
}
