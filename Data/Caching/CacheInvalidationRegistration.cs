using Microsoft.Extensions.DependencyInjection;

namespace Evently.Data.Caching;

public static class CacheInvalidationRegistration
{
    /// <summary>
    /// The invalidation channel and a listener that applies other processes' invalidations with
    /// <typeparamref name="THandler"/>. Needs the Redis client (<c>AddEventlyRedisClient</c>).
    /// </summary>
    public static IServiceCollection AddCacheInvalidations<THandler>(this IServiceCollection services)
        where THandler : class, ICacheInvalidationHandler
    {
        services.AddSingleton<CacheInvalidationChannel>();
        services.AddSingleton<ICacheInvalidationHandler, THandler>();
        services.AddHostedService<CacheInvalidationListener>();
        return services;
    }
}
