using System.Globalization;
using Evently.BookingService.Bookings;
using Evently.BookingService.Inventory;
using Evently.BookingService.Sharding;
using Evently.ServiceDefaults;
using Evently.ServiceDefaults.Auth;
using Evently.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evently.BookingService.WaitingRoom;

/// <summary>
/// <c>/api/v1/events/{id}/waiting-room</c> (admin: turn it on or off, rate, pass length) and
/// <c>/api/v1/events/{id}/queue</c> (buyers: join, read their ticket and, once admitted, their pass).
/// </summary>
public static class WaitingRoomEndpoints
{
    public sealed record WaitingRoomBody(bool? Enabled, int? AdmissionRatePerMinute, int? AdmissionRatePerSecond, int? PassSeconds, int? PassMinutes);

    public const int MaxPerMinute = 600_000;
    public const int MinPassSeconds = 5;
    public const int MaxPassSeconds = 7_200;
    public const int DefaultPerMinute = 600;
    public const int DefaultPassSeconds = 600;

    public static IEndpointRouteBuilder MapWaitingRoomEndpoints(this IEndpointRouteBuilder app)
    {
        var room = app.MapGroup("/api/v1/events/{id}/waiting-room").RequireAuthorization(EventlyAuth.AdminPolicy).WithTags("Waiting room");
        room.MapGet("", GetRoomAsync)
            .WithName("GetWaitingRoom").WithSummary("Get an event's waiting room")
            .WithDescription("Its settings and how many joined, were admitted and are waiting; 404 until it was first set.")
            .Produces<WaitingRoomView>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        room.MapPut("", PutRoomAsync)
            .WithName("SetWaitingRoom").WithSummary("Turn an event's waiting room on or off")
            .WithDescription("Sets whether bookings and holds of the event need a queue pass, how many buyers are admitted a minute " +
                "(or a second) and how long a pass lasts.")
            .Produces<WaitingRoomView>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        var queue = app.MapGroup("/api/v1/events/{id}/queue").RequireAuthorization(EventlyAuth.UserPolicy).WithTags("Waiting room");
        queue.MapPost("", JoinAsync)
            .WithName("JoinQueue").WithSummary("Join an event's queue")
            .WithDescription("201 with a new ticket, or 200 with the one the user already has (one per user and event). Poll it " +
                "after poll_after_ms; once admitted it carries the pass.")
            .Produces<QueueTicketView>(StatusCodes.Status201Created)
            .Produces<QueueTicketView>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        queue.MapGet("/{ticket}", GetTicketAsync)
            .WithName("GetQueueTicket").WithSummary("Get a queue ticket")
            .WithDescription("Position, estimated wait and, once admitted, the pass. Its owner only; anyone else gets 404.")
            .Produces<QueueTicketView>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> GetRoomAsync(string id, WaitingRoomStore store, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var eventId))
        {
            return EventlyResults.BadRequest("The event id must be a UUID.");
        }

        var result = await BookingEndpoints.OnShardAsync(() => store.SettingsAsync(eventId, ct));
        return result switch
        {
            IResult failure => failure,
            WaitingRoomSettings s => Results.Ok(WaitingRoomView.From(s)),
            _ => EventlyResults.NotFound("This event has no waiting room; create one with PUT"),
        };
    }

    private static async Task<IResult> PutRoomAsync(string id, [FromBody] WaitingRoomBody? body, WaitingRoomStore store, ShardMap shards,
        InventoryProvisioner provisioner, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Guid.TryParse(id, out var eventId) || eventId == Guid.Empty)
        {
            errors["id"] = ["The event id must be a UUID."];
        }

        if (body?.Enabled is null)
        {
            errors["enabled"] = ["enabled is required (true or false)."];
        }

        if (body?.AdmissionRatePerMinute is not null && body.AdmissionRatePerSecond is not null)
        {
            errors["admission_rate_per_second"] = ["Give admission_rate_per_minute or admission_rate_per_second, not both."];
        }

        var perMinute = body?.AdmissionRatePerMinute ?? (body?.AdmissionRatePerSecond is { } perSecond ? (long)perSecond * 60 : DefaultPerMinute);
        if (perMinute is < 1 or > MaxPerMinute)
        {
            errors[body?.AdmissionRatePerSecond is null ? "admission_rate_per_minute" : "admission_rate_per_second"] =
                [$"The admission rate must be between 1 and {MaxPerMinute:N0} buyers a minute ({MaxPerMinute / 60:N0} a second)."];
        }

        if (body?.PassSeconds is not null && body.PassMinutes is not null)
        {
            errors["pass_minutes"] = ["Give pass_seconds or pass_minutes, not both."];
        }

        var passSeconds = body?.PassSeconds ?? (body?.PassMinutes is { } minutes ? (long)minutes * 60 : DefaultPassSeconds);
        if (passSeconds is < MinPassSeconds or > MaxPassSeconds)
        {
            errors[body?.PassMinutes is null ? "pass_seconds" : "pass_minutes"] =
                [$"A pass must last between {MinPassSeconds} seconds and {MaxPassSeconds / 60} minutes."];
        }

        if (errors.Count > 0)
        {
            return EventlyResults.Validation(errors);
        }

        var result = await BookingEndpoints.OnShardAsync<object>(async () =>
        {
            try
            {
                return await store.SaveAsync(eventId, body!.Enabled!.Value, (int)perMinute, (int)passSeconds, ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
            {
                // The shard has not heard of the event yet: ask the events service once, as a first booking does.
                return await provisioner.EnsureAsync(shards.ForEvent(eventId), eventId, ct) switch
                {
                    InventoryProvisioner.Result.NotFound => EventlyResults.NotFound("Event not found"),
                    InventoryProvisioner.Result.EventsUnavailable => EventlyResults.ServiceUnavailable(CreateBooking.EventsDownDetail),
                    _ => (object)await store.SaveAsync(eventId, body!.Enabled!.Value, (int)perMinute, (int)passSeconds, ct),
                };
            }
        });
        return result switch
        {
            IResult failure => failure,
            WaitingRoomSettings s => Results.Ok(WaitingRoomView.From(s)),
            _ => throw new InvalidOperationException($"Unexpected result {result}."),
        };
    }

    private static async Task<IResult> JoinAsync(string id, HttpContext http, WaitingRoomStore store, QueuePasses passes,
        IOptions<WaitingRoomOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var eventId) || eventId == Guid.Empty)
        {
            return EventlyResults.BadRequest("The event id must be a UUID.");
        }

        var userId = http.User.UserId();
        var result = await BookingEndpoints.OnShardAsync(async () =>
        {
            // Joining again (a reconnect, a second tab) answers the ticket the user already has: same number, same place.
            if (await store.MineAsync(eventId, userId, ct) is { } existing)
            {
                return (existing, false);
            }

            var created = await store.TryJoinAsync(eventId, userId, ct);
            return (await store.MineAsync(eventId, userId, ct), created);
        });
        return result switch
        {
            IResult failure => failure,
            (QueueTicket ticket, bool created) => Answer(http, ticket, created, passes, options.Value, clock),
            _ => EventlyResults.Conflict("This event's waiting room is not open; book directly"),
        };
    }

    private static async Task<IResult> GetTicketAsync(string id, string ticket, HttpContext http, WaitingRoomStore store, QueuePasses passes,
        IOptions<WaitingRoomOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var eventId) || !Guid.TryParse(ticket, out var ticketId))
        {
            return EventlyResults.BadRequest("The event id and the ticket id must be UUIDs.");
        }

        var result = await BookingEndpoints.OnShardAsync(() => store.TicketAsync(eventId, ticketId, ct));
        return result switch
        {
            IResult failure => failure,
            // Someone else's ticket answers as one that does not exist.
            QueueTicket t when t.UserId == http.User.UserId() => Answer(http, t, false, passes, options.Value, clock),
            _ => EventlyResults.NotFound("Queue ticket not found"),
        };
    }

    private static IResult Answer(HttpContext http, QueueTicket ticket, bool created, QueuePasses passes, WaitingRoomOptions options,
        TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var status = ticket.StatusAt(now);
        var pass = status == QueueTicket.Admitted
            ? new PassView(passes.Issue(ticket), Utc(ticket.PassExpiresAt!.Value), QueuePasses.Header)
            : null;
        // About half the expected wait: 10,000 pollers ask rarely while far back and often when nearly in.
        var pollMs = status == QueueTicket.Waiting
            ? (int)Math.Clamp(ticket.EstimatedWaitSeconds * 500, options.MinPollMs, options.MaxPollMs)
            : 0;
        if (pollMs > 0)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(pollMs / 1000.0)).ToString(CultureInfo.InvariantCulture);
        }

        var view = new QueueTicketView(true, ticket.Id, ticket.EventId, status, ticket.Position, ticket.EstimatedWaitSeconds, Utc(ticket.JoinedAt),
            ticket.AdmittedAt is { } at ? Utc(at) : null, pass, pollMs);
        return created ? Results.Created($"/api/v1/events/{ticket.EventId}/queue/{ticket.Id}", view) : Results.Ok(view);
    }

    private static DateTime Utc(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc);
}
