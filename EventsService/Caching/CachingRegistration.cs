using Evently.Data.Caching;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Evently.EventsService.Caching;

public static class CachingRegistration
{
    /// <summary>
    /// HybridCache with Redis as L2 through the shared multiplexer from <c>AddEventlyRedisClient("cache")</c>
    /// (which also reports the cache on /health, Degraded when Redis is down). The L2 is registered here rather than
    /// with Aspire's distributed-caching integration: it must be wrapped in <see cref="RedisL2Guard"/> anyway, and the
    /// package mirror does not serve Aspire.StackExchange.Redis.DistributedCaching.
    /// </summary>
    public static WebApplicationBuilder AddEventsCache(this WebApplicationBuilder builder)
    {
        var seconds = builder.Configuration.GetValue("Events:CacheSeconds", 5.0);
        var settings = new EventsCacheSettings(TimeSpan.FromSeconds(Math.Clamp(seconds, 0.1, 3600)));
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<IDistributedCache>(sp =>
        {
            var redis = sp.GetRequiredService<IConnectionMultiplexer>();
            var inner = new RedisCache(Options.Create(new RedisCacheOptions
            {
                ConnectionMultiplexerFactory = () => Task.FromResult(redis),
                InstanceName = "evently:events:",
            }));
            return new RedisL2Guard(inner, redis);
        });
        // HybridCache's L1. Listing keys depend on the query string, so sweep expired entries often: memory then stays
        // bounded by what a few seconds of distinct queries can add.
        builder.Services.AddMemoryCache(o => o.ExpirationScanFrequency = settings.Ttl < TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : settings.Ttl);
        builder.Services.AddHybridCache(o =>
        {
            o.DefaultEntryOptions = new() { Expiration = settings.Ttl, LocalCacheExpiration = settings.Ttl };
            o.MaximumKeyLength = 1024;
        });
        builder.Services.AddSingleton<EventsCache>();
        builder.Services.AddCacheInvalidations<ReplicaInvalidations>();
        return builder;
    }
}
