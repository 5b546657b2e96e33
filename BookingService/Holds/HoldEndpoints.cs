using Evently.BookingService.Bookings;
using Evently.BookingService.Strategies;
using Evently.BookingService.WaitingRoom;
using Evently.ServiceDefaults;
using Evently.ServiceDefaults.Auth;
using Evently.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Evently.BookingService.Holds;

/// <summary>
/// <c>/api/v1/holds</c>: take seats for a checkout, read, confirm into a booking, release. Only a hold's owner sees or
/// uses it (anyone else gets the same 404 as for a hold that does not exist).
/// </summary>
public static class HoldEndpoints
{
    public sealed record CreateHoldBody(Guid? EventId, int? Quantity);

    public static IEndpointRouteBuilder MapHoldEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/holds").RequireAuthorization(EventlyAuth.UserPolicy).WithTags("Checkout holds");
        group.MapPost("", CreateAsync).RequireQueuePass<CreateHoldBody>(b => b.EventId)
            .WithName("CreateHold").WithSummary("Hold seats for a checkout")
            .WithDescription("Takes the seats off sale until `expires_at` (the event's hold_minutes). While the event's waiting room " +
                "is on, the request needs the buyer's queue pass in X-Queue-Pass.")
            .WithHeaderParameter(QueuePasses.Header, "The queue pass for this event while its waiting room is on.")
            .Produces<HoldView>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound,
                StatusCodes.Status409Conflict);
        group.MapGet("/{id}", GetAsync)
            .WithName("GetHold").WithSummary("Get a hold")
            .WithDescription("Only its owner sees a hold; anyone else gets 404.")
            .Produces<HoldView>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapPost("/{id}/confirm", ConfirmAsync)
            .WithName("ConfirmHold").WithSummary("Confirm a hold into a booking")
            .WithDescription("201 with the booking the first time, 200 with the same booking again; 410 once the hold expired or was released.")
            .Produces<BookingCreatedResponse>(StatusCodes.Status201Created)
            .Produces<BookingCreatedResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status410Gone);
        group.MapDelete("/{id}", ReleaseAsync)
            .WithName("ReleaseHold").WithSummary("Release a hold")
            .WithDescription("Gives the seats back early; a confirmed hold cannot be released (409).")
            .Produces<HoldView>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status410Gone);
        return app;
    }

    private static async Task<IResult> CreateAsync([FromBody] CreateHoldBody? body, HttpContext http, CreateHold create,
        IOptions<BookingOptions> options, CancellationToken ct)
    {
        var errors = SeatRequest.Validate(body?.EventId, body?.Quantity, options.Value.MaxSeatsPerBooking, "held");

        if (errors.Count > 0)
        {
            return EventlyResults.Validation(errors);
        }

        var result = await BookingEndpoints.OnShardAsync(() => create.ExecuteAsync(http.User.UserId(), body!.EventId!.Value,
            body.Quantity!.Value, ct));
        return result switch
        {
            IResult failure => failure,
            HoldOutcome.Held h => Results.Created($"/api/v1/holds/{h.Hold.Id}", HoldView.From(h.Hold, h.Hold.CreatedAt, h.AvailableSeats)),
            HoldOutcome.Refused r => EventlyResults.Problem(r.Status, r.Detail),
            _ => throw new InvalidOperationException($"Unexpected outcome {result}."),
        };
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, Sharding.ShardMap shards, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var holdId))
        {
            return EventlyResults.BadRequest("The hold id must be a UUID.");
        }

        var result = await BookingEndpoints.OnShardAsync(async () =>
        {
            if (shards.ForBooking(holdId) is not { } shard)
            {
                return null;
            }

            await using var connection = await shard.DataSource.OpenConnectionAsync(ct);
            return await HoldRows.ByIdAsync(connection, null, holdId, ct);
        });
        return result switch
        {
            IResult failure => failure,
            HoldRecord h when h.UserId == http.User.UserId() => Results.Ok(HoldView.From(h, clock.GetUtcNow().UtcDateTime)),
            _ => NotFound(),
        };
    }

    private static async Task<IResult> ConfirmAsync(string id, HttpContext http, ConfirmHold confirm, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var holdId))
        {
            return EventlyResults.BadRequest("The hold id must be a UUID.");
        }

        var result = await BookingEndpoints.OnShardAsync(() => confirm.ExecuteAsync(holdId, http.User.UserId(), ct));
        return result switch
        {
            IResult failure => failure,
            HoldOutcome.Booked { Replayed: false } b => Results.Created($"/api/v1/bookings/{b.Booking.Id}",
                new BookingCreatedResponse(true, BookingCreatedView.From(b.Booking))),
            HoldOutcome.Booked b => Results.Ok(new BookingCreatedResponse(true, BookingCreatedView.From(b.Booking))),
            HoldOutcome.Ended e => Ended(e.Hold),
            HoldOutcome.Refused r => EventlyResults.Problem(r.Status, r.Detail),
            _ => NotFound(),
        };
    }

    private static async Task<IResult> ReleaseAsync(string id, HttpContext http, ReleaseHold release, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var holdId))
        {
            return EventlyResults.BadRequest("The hold id must be a UUID.");
        }

        var result = await BookingEndpoints.OnShardAsync(() => release.ExecuteAsync(holdId, http.User.UserId(), ct));
        return result switch
        {
            IResult failure => failure,
            HoldOutcome.Ended { Hold.Status: HoldRecord.Released } e => Results.Ok(HoldView.From(e.Hold, clock.GetUtcNow().UtcDateTime)),
            HoldOutcome.Ended e => Ended(e.Hold),
            _ => NotFound(),
        };
    }

    /// <summary>Why a hold can no longer be confirmed or released.</summary>
    private static IResult Ended(HoldRecord hold) => hold.Status switch
    {
        HoldRecord.Confirmed => EventlyResults.Conflict($"Hold already confirmed as booking {hold.BookingId}"),
        HoldRecord.Released => EventlyResults.Problem(StatusCodes.Status410Gone, "Hold released"),
        _ => EventlyResults.Problem(StatusCodes.Status410Gone, "Hold expired"),
    };

    private static IResult NotFound() => EventlyResults.NotFound("Hold not found");
}
