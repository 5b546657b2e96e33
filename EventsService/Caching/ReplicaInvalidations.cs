using Evently.Data.Caching;
using Microsoft.Extensions.Caching.Hybrid;

namespace Evently.EventsService.Caching;

/// <summary>
/// Applies another events replica's invalidations to this replica's HybridCache. It calls the cache directly, never
/// <see cref="EventsCache"/>, so a received invalidation is not announced again (no echo between replicas).
/// </summary>
public sealed class ReplicaInvalidations(HybridCache cache) : ICacheInvalidationHandler
{
    public Task OnInvalidatedAsync(IReadOnlyList<string> tags) => cache.RemoveByTagAsync(tags).AsTask();

    /// <summary>"*" is HybridCache's wildcard tag: everything cached before now is stale.</summary>
    public Task OnResyncAsync() => cache.RemoveByTagAsync("*").AsTask();
}
