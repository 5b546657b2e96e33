using Evently.Data.Caching;
using Microsoft.AspNetCore.OutputCaching;

namespace Evently.Gateway.Caching;

/// <summary>
/// Drops this gateway's cached event reads when the events service announces an event's change (create, update,
/// cancel), whichever gateway or path the write took. Seat-count changes (announced for the events service's own
/// replicas) are left to the copies' one-second lifetime, as <see cref="EventReadsCachePolicy"/> intends.
/// </summary>
public sealed class GatewayEventInvalidations(IOutputCacheStore store) : ICacheInvalidationHandler
{
    public Task OnInvalidatedAsync(CacheInvalidation invalidation) =>
        invalidation.Tags.Contains(CacheTags.EventListing) ? EvictAsync() : Task.CompletedTask;

    public Task OnResyncAsync() => EvictAsync();

    private Task EvictAsync() => store.EvictByTagAsync(EventReadsCachePolicy.Tag, CancellationToken.None).AsTask();
}
