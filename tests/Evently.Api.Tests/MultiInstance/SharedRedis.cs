using Evently.Testing;
using StackExchange.Redis;

namespace Evently.Api.Tests.MultiInstance;

/// <summary>What another gateway or events replica would do to the shared Redis, done by the test instead.</summary>
internal static class SharedRedis
{
    private static readonly RedisChannel Invalidations = RedisChannel.Literal("evently:cache:invalidations");

    /// <summary>The channel and line format of <c>Evently.Data.Caching.CacheInvalidationChannel</c>.</summary>
    public static async Task AnnounceInvalidationAsync(string redis, params string[] tags)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis);
        await connection.GetSubscriber().PublishAsync(Invalidations, string.Join('\n', tags.Prepend("another-replica")));
    }

    /// <summary>
    /// Waits until the gateway and the events service listen (they subscribe again by themselves after Redis restarts,
    /// which other tests do), announcing a tag nothing carries.
    /// </summary>
    public static async Task WaitForListenersAsync(string redis)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis);
        await Eventually.UntilAsync(async () => await connection.GetSubscriber().PublishAsync(Invalidations, "another-replica\ntest:none") >= 2,
            TimeSpan.FromSeconds(30), "the gateway and the events service listening to cache invalidations");
    }

    /// <summary>
    /// Spends a shared rate-limit bucket (<c>evently:ratelimit:{partition}</c>, GCRA in microseconds of Redis' clock)
    /// a minute ahead, as a caller sending through other gateways would.
    /// </summary>
    public static async Task ExhaustBucketAsync(string redis, string partition)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis);
        await connection.GetDatabase().ScriptEvaluateAsync(
            """
            local clock = redis.call('TIME')
            local later = (tonumber(clock[1]) + 60) * 1000000
            redis.call('SET', KEYS[1], string.format('%d', later), 'PX', 60000)
            """, [(RedisKey)("evently:ratelimit:" + partition)]);
    }

    public static async Task<bool> BucketExistsAsync(string redis, string partition)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis);
        return await connection.GetDatabase().KeyExistsAsync("evently:ratelimit:" + partition);
    }
}
