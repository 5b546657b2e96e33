using System.Buffers;
using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

namespace Evently.EventsService.Caching;

/// <summary>
/// HybridCache's L2: the Redis cache, skipped while the shared multiplexer is disconnected. Without this, every
/// read and write on a dead Redis would sit in StackExchange.Redis' backlog until its timeout (seconds per request).
/// Failures are swallowed as misses: the cache is an accelerator, the database answers regardless.
/// </summary>
public sealed class RedisL2Guard(IBufferDistributedCache inner, IConnectionMultiplexer redis) : IBufferDistributedCache
{
    private bool Up => redis.IsConnected;

    public byte[]? Get(string key) => Up ? Try(() => inner.Get(key), null) : null;

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default) =>
        Up ? await TryAsync(() => inner.GetAsync(key, token), null) : null;

    public bool TryGet(string key, IBufferWriter<byte> destination) => Up && Try(() => inner.TryGet(key, destination), false);

    public async ValueTask<bool> TryGetAsync(string key, IBufferWriter<byte> destination, CancellationToken token = default) =>
        Up && await TryAsync(() => inner.TryGetAsync(key, destination, token).AsTask(), false);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        if (Up)
        {
            Try(() => { inner.Set(key, value, options); return true; }, false);
        }
    }

    public void Set(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options)
    {
        if (Up)
        {
            Try(() => { inner.Set(key, value, options); return true; }, false);
        }
    }

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        if (Up)
        {
            await TryAsync(async () => { await inner.SetAsync(key, value, options, token); return true; }, false);
        }
    }

    public async ValueTask SetAsync(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        if (Up)
        {
            await TryAsync(async () => { await inner.SetAsync(key, value, options, token); return true; }, false);
        }
    }

    public void Refresh(string key)
    {
        if (Up)
        {
            Try(() => { inner.Refresh(key); return true; }, false);
        }
    }

    public async Task RefreshAsync(string key, CancellationToken token = default)
    {
        if (Up)
        {
            await TryAsync(async () => { await inner.RefreshAsync(key, token); return true; }, false);
        }
    }

    public void Remove(string key)
    {
        if (Up)
        {
            Try(() => { inner.Remove(key); return true; }, false);
        }
    }

    public async Task RemoveAsync(string key, CancellationToken token = default)
    {
        if (Up)
        {
            await TryAsync(async () => { await inner.RemoveAsync(key, token); return true; }, false);
        }
    }

    private static T Try<T>(Func<T> action, T fallback)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            return fallback;
        }
    }

    private static async Task<T> TryAsync<T>(Func<Task<T>> action, T fallback)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            return fallback;
        }
    }
}
