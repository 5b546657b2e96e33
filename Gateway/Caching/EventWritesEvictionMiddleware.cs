using Microsoft.AspNetCore.OutputCaching;

namespace Evently.Gateway.Caching;

/// <summary>
/// After an event is created, changed or cancelled through the gateway, the gateway's cached event reads are dropped,
/// so the writer (and everyone else) sees the change on the next read, as the events service's own cache promises.
/// Other gateways drop theirs when the events service announces the change (<see cref="GatewayEventInvalidations"/>).
/// </summary>
public sealed class EventWritesEvictionMiddleware(RequestDelegate next, IOutputCacheStore store)
{
    private static readonly PathString EventsPath = new("/api/v1/events");

    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
            && request.Path.StartsWithSegments(EventsPath)
            // Only writes the events service served change events (not a waiting-room join routed to booking).
            && context.GetReverseProxyFeature()?.Route.Config.ClusterId is null or "events"
            && context.Response.StatusCode < StatusCodes.Status400BadRequest)
        {
            await store.EvictByTagAsync(EventReadsCachePolicy.Tag, CancellationToken.None);
        }
    }
}
