using Evently.ServiceDefaults;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace Evently.Gateway.Caching;

/// <summary>
/// A short-lived cache of event reads (listing and detail) in the gateway, so the pages ten thousand people refresh
/// during an on-sale are answered in one hop. The events service stays the authority: only answers it served from its
/// own cache (<c>X-Cache: hit</c>, status 200) are kept, for <see cref="EventReadsCacheOptions.Seconds"/>, and every
/// event write that passes the gateway evicts them (<see cref="EventWritesEvictionMiddleware"/>). Seat counts change by
/// messages, not through here, so they may show up to that many seconds late: a listing is a snapshot anyway, and the
/// booking itself always checks the real inventory. The answer is the same for every caller, so the key is the path
/// and query only; concurrent misses of one key wait for the first (locking) instead of all going upstream.
/// </summary>
public sealed class EventReadsCachePolicy(IOptions<EventReadsCacheOptions> options) : IOutputCachePolicy
{
    public const string Name = "event-reads";
    public const string Tag = "events";

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var method = context.HttpContext.Request.Method;
        var cacheable = options.Value.Seconds > 0 && (HttpMethods.IsGet(method) || HttpMethods.IsHead(method));
        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.CacheVaryByRules.QueryKeys = "*";
        context.ResponseExpirationTimeSpan = TimeSpan.FromSeconds(options.Value.Seconds);
        context.Tags.Add(Tag);
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK
            || response.Headers[CacheHeader.Name] != CacheHeader.Hit
            || response.Headers.SetCookie.Count > 0)
        {
            context.AllowCacheStorage = false;
        }
        else if (response.Headers.ContainsKey("X-Seats-Live"))
        {
            var live = TimeSpan.FromMilliseconds(Math.Max(0, options.Value.LiveSeatsMilliseconds));
            context.AllowCacheStorage = live > TimeSpan.Zero;
            context.ResponseExpirationTimeSpan = live < context.ResponseExpirationTimeSpan ? live : context.ResponseExpirationTimeSpan;
        }

        return ValueTask.CompletedTask;
    }
}
