using Evently.ServiceDefaults.Auth;
using Evently.ServiceDefaults.OpenApi;
using Microsoft.OpenApi;

namespace Evently.EventsService.Events;

public static class EventsEndpoints
{
    /// <summary>Public reads, admin writes (the service checks the token itself too), and the internal read.</summary>
    public static WebApplication MapEventsEndpoints(this WebApplication app)
    {
        var events = app.MapGroup("/api/v1/events").WithTags("Events");
        events.MapGet("", ListEvents.HandleAsync)
            .WithName("ListEvents").WithSummary("List scheduled events")
            .WithDescription("Scheduled events in start order, by default those not started yet. Cached; `cached` says whether this page came from the cache.")
            .WithQueryParameter("from", "Earliest start (inclusive), ISO-8601; default now.", format: "date-time")
            .WithQueryParameter("to", "Latest start (inclusive), ISO-8601.", format: "date-time")
            .WithQueryParameter("q", $"Text to find in the name or venue (case-insensitive), at most {ListEvents.MaxQueryLength} characters.")
            .WithQueryParameter("page", "Page number, from 1.", JsonSchemaType.Integer, "int32")
            .WithQueryParameter("page_size", $"Events per page, 1 to {ListEvents.MaxPageSize} (default {ListEvents.DefaultPageSize}).",
                JsonSchemaType.Integer, "int32")
            .Produces<ListEvents.EventPage>()
            .ProducesProblems(StatusCodes.Status400BadRequest);
        events.MapGet("{id:guid}", GetEvent.HandleAsync)
            .WithName("GetEvent").WithSummary("Get an event")
            .WithDescription("One event with its capacity and live available seats.")
            .Produces<EventResponse>()
            .ProducesProblems(StatusCodes.Status404NotFound);
        events.MapPost("", CreateEvent.HandleAsync).RequireAuthorization(EventlyAuth.AdminPolicy)
            .WithName("CreateEvent").WithSummary("Create an event")
            .Produces<EventResponse>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status400BadRequest);
        events.MapPut("{id:guid}", UpdateEvent.HandleAsync).RequireAuthorization(EventlyAuth.AdminPolicy)
            .WithName("UpdateEvent").WithSummary("Change an event")
            .WithDescription("A partial update: fields left out keep their value. Capacity cannot go below the seats sold.")
            .Produces<EventResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        events.MapDelete("{id:guid}", CancelEvent.HandleAsync).RequireAuthorization(EventlyAuth.AdminPolicy)
            .WithName("CancelEvent").WithSummary("Cancel an event")
            .WithDescription("The event stays readable with status `cancelled`, and no more seats are sold for it. Cancelling again changes nothing.")
            .Produces<EventResponse>()
            .ProducesProblems(StatusCodes.Status404NotFound);

        app.MapGet("/internal/events/{id:guid}", GetEvent.HandleInternalAsync);
        return app;
    }
}
