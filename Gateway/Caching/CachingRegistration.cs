using Evently.Data.Caching;

namespace Evently.Gateway.Caching;

public static class CachingRegistration
{
    public static WebApplicationBuilder AddEventReadsCache(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<EventReadsCacheOptions>(builder.Configuration.GetSection(EventReadsCacheOptions.SectionName));
        builder.Services.AddSingleton<EventReadsCachePolicy>();
        // Bounded, so keys made up by clients (any query string) cannot grow the cache past this.
        builder.Services.AddOutputCache(o =>
        {
            o.SizeLimit = 64 * 1024 * 1024;
            o.AddPolicy(EventReadsCachePolicy.Name, b => b.AddPolicy<EventReadsCachePolicy>(), excludeDefaultPolicy: true);
        });
        // Each gateway keeps its own copies (a hit costs no Redis hop, and works with Redis down); event writes reach
        // every gateway as announcements on Redis.
        if (builder.Configuration.GetConnectionString("cache") is not null)
        {
            builder.Services.AddCacheInvalidations<GatewayEventInvalidations>();
        }

        return builder;
    }

    /// <summary>After authentication, rate limiting and authorization: a cached answer is still only for allowed callers.</summary>
    public static WebApplication UseEventReadsCache(this WebApplication app)
    {
        app.UseOutputCache();
        app.UseMiddleware<EventWritesEvictionMiddleware>();
        return app;
    }
}
