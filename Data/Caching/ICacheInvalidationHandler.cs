namespace Evently.Data.Caching;

/// <summary>What a process does with the invalidations other processes announce.</summary>
public interface ICacheInvalidationHandler
{
    /// <summary>Another process invalidated these tags: drop the local copies they cover.</summary>
    Task OnInvalidatedAsync(CacheInvalidation invalidation);

    /// <summary>The connection to Redis came back: announcements may have been missed meanwhile, so drop every local copy.</summary>
    Task OnResyncAsync();
}
