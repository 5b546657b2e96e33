using Evently.ServiceDefaults.Auth;

namespace Evently.EventsService.Events;

public static class EventsEndpoints
{
    /// <summary>Public reads, admin writes (the service checks the token itself too), and the internal read.</summary>
    public static WebApplication MapEventsEndpoints(this WebApplication app)
    {
        var events = app.MapGroup("/api/v1/events");
        events.MapGet("", ListEvents.HandleAsync);
        events.MapGet("{id:guid}", GetEvent.HandleAsync);
        events.MapPost("", CreateEvent.HandleAsync).RequireAuthorization(EventlyAuth.AdminPolicy);
        events.MapPut("{id:guid}", UpdateEvent.HandleAsync).RequireAuthorization(EventlyAuth.AdminPolicy);
        events.MapDelete("{id:guid}", CancelEvent.HandleAsync).RequireAuthorization(EventlyAuth.AdminPolicy);

        app.MapGet("/internal/events/{id:guid}", GetEvent.HandleInternalAsync);
        return app;
    }
}
