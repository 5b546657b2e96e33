using Evently.BookingService.Bookings;
using Evently.ServiceDefaults;
using Evently.ServiceDefaults.Auth;

namespace Evently.BookingService.WaitingRoom;

/// <summary>
/// On a route that takes seats: while the event's waiting room is on, the request must carry the caller's own valid
/// queue pass for that event in <see cref="QueuePasses.Header"/>, else 403 problem+json saying how to get one. A body
/// without a usable event id passes on to the route's own validation.
/// </summary>
public sealed class QueuePassFilter<TBody>(Func<TBody, Guid?> eventIdOf, WaitingRoomFlags flags, QueuePasses passes) : IEndpointFilter
    where TBody : class
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.Arguments.OfType<TBody>().FirstOrDefault() is not { } body || eventIdOf(body) is not { } eventId || eventId == Guid.Empty)
        {
            return await next(context);
        }

        var http = context.HttpContext;
        var enabled = await BookingEndpoints.OnShardAsync(() => flags.IsEnabledAsync(eventId, http.RequestAborted).AsTask());
        if (enabled is IResult failure)
        {
            return failure;
        }

        if (enabled is not true)
        {
            return await next(context);
        }

        var join = $"join the queue at POST /api/v1/events/{eventId}/queue and send the pass you get once admitted in the {QueuePasses.Header} header";
        return await passes.CheckAsync(http.Request.Headers[QueuePasses.Header].ToString(), http.User.UserId(), eventId) switch
        {
            QueuePasses.Verdict.Valid => await next(context),
            QueuePasses.Verdict.Missing => Refuse($"This event has a waiting room: {join}."),
            QueuePasses.Verdict.Expired => Refuse($"Your queue pass has expired; passes last a limited time after admission ({join})."),
            QueuePasses.Verdict.NotYours => Refuse($"This queue pass belongs to another user or event; {join}."),
            _ => Refuse($"The queue pass is not valid; {join}."),
        };
    }

    private static IResult Refuse(string detail) => EventlyResults.Problem(StatusCodes.Status403Forbidden, detail);
}

public static class QueuePassFilterExtensions
{
    /// <summary>Requires a queue pass for the event named by the route's <typeparamref name="TBody"/> while its waiting room is on.</summary>
    public static RouteHandlerBuilder RequireQueuePass<TBody>(this RouteHandlerBuilder route, Func<TBody, Guid?> eventIdOf)
        where TBody : class =>
        route.AddEndpointFilterFactory((factory, next) =>
        {
            var sp = factory.ApplicationServices;
            var filter = new QueuePassFilter<TBody>(eventIdOf, sp.GetRequiredService<WaitingRoomFlags>(), sp.GetRequiredService<QueuePasses>());
            return context => filter.InvokeAsync(context, next);
        });
}
