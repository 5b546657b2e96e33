using System.Diagnostics;
using System.Net.Sockets;
using Evently.BookingService.Strategies;
using Evently.BookingService.Telemetry;
using Evently.BookingService.WaitingRoom;
using Evently.ServiceDefaults;
using Evently.ServiceDefaults.Auth;
using Evently.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace Evently.BookingService.Bookings;

/// <summary><c>/api/v1/bookings</c>: book, list, read and cancel (the same paths the gateway exposes).</summary>
public static class BookingEndpoints
{
    public sealed record CreateBookingBody(Guid? EventId, int? Quantity);

    private const int MaxIdempotencyKeyLength = 200;
    private const string IdempotencyKeyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapBookingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/bookings").RequireAuthorization(EventlyAuth.UserPolicy).WithTags("Bookings");
        group.MapPost("", CreateAsync).RequireQueuePass<CreateBookingBody>(b => b.EventId)
            .WithName("CreateBooking").WithSummary("Book seats")
            .WithDescription("Books `quantity` seats of an event at once. The same Idempotency-Key from the same user answers the " +
                "same booking (200) instead of booking again. While the event's waiting room is on, the request needs the " +
                "buyer's queue pass in X-Queue-Pass.")
            .WithHeaderParameter(IdempotencyKeyHeader, $"Any string up to {MaxIdempotencyKeyLength} characters; a retry with the same key books once.")
            .WithHeaderParameter(QueuePasses.Header, "The queue pass for this event while its waiting room is on.")
            .Produces<BookingCreatedResponse>(StatusCodes.Status201Created)
            .Produces<BookingCreatedResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound,
                StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapGet("", ListAsync)
            .WithName("ListBookings").WithSummary("List bookings")
            .WithDescription("The caller's own bookings; an admin sees anyone's (or one user's, with user_id).")
            .Produces<BookingListResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest);
        group.MapGet("/{id}", GetAsync)
            .WithName("GetBooking").WithSummary("Get a booking")
            .WithDescription("The owner's or an admin's; anyone else gets 404.")
            .Produces<BookingResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapPost("/{id}/cancel", CancelAsync)
            .WithName("CancelBooking").WithSummary("Cancel a booking")
            .WithDescription("Releases the seats (to the event's waitlist first). Cancelling again answers the cancelled booking.")
            .Produces<BookingResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> CreateAsync([FromBody] CreateBookingBody? body, HttpContext http, CreateBooking create,
        IOptions<BookingOptions> options, BookingMetrics metrics, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var errors = SeatRequest.Validate(body?.EventId, body?.Quantity, options.Value.MaxSeatsPerBooking, "booked");

        var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        if (key.Length > MaxIdempotencyKeyLength)
        {
            errors["Idempotency-Key"] = [$"The Idempotency-Key header must be at most {MaxIdempotencyKeyLength} characters."];
        }

        if (errors.Count > 0)
        {
            metrics.Reject("invalid");
            return EventlyResults.Validation(errors);
        }

        var result = await OnShardAsync(() => create.ExecuteAsync(http.User.UserId(), body!.EventId!.Value, body.Quantity!.Value,
            key.Length == 0 ? null : key, ct));
        metrics.Duration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return result switch
        {
            IResult failure => failure,
            CreateResult.Created c => Results.Created($"/api/v1/bookings/{c.Booking.Id}",
                new BookingCreatedResponse(true, BookingCreatedView.From(c.Booking))),
            CreateResult.Replayed r => Results.Ok(new BookingCreatedResponse(true, BookingCreatedView.From(r.Booking))),
            CreateResult.Refused f => EventlyResults.Problem(f.Status, f.Detail),
            _ => throw new InvalidOperationException(),
        };
    }

    private static async Task<IResult> ListAsync(HttpContext http, BookingQueries queries, string? event_id, string? user_id,
        string? page, string? page_size, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var eventId = ParseGuid(event_id, "event_id", errors);
        var userId = ParseGuid(user_id, "user_id", errors);
        var pageNo = ParseInt(page, "page", 1, 1, int.MaxValue / 1000, errors);
        var size = ParseInt(page_size, "page_size", 20, 1, 100, errors);
        if (errors.Count > 0)
        {
            return EventlyResults.Validation(errors);
        }

        // Users see their own bookings only; admins see anyone's (optionally one user's).
        var owner = http.User.IsAdmin() ? userId : http.User.UserId();
        var result = await queries.ListAsync(owner, eventId, pageNo, size, ct);
        return Results.Ok(new BookingListResponse(true, [.. result.Items.Select(BookingView.From)], pageNo, size, result.Total,
            result.UnavailableShards));
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, BookingQueries queries, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var bookingId))
        {
            return EventlyResults.BadRequest("The booking id must be a UUID.");
        }

        var result = await OnShardAsync(() => queries.ByIdAsync(bookingId, ct));
        return result switch
        {
            IResult failure => failure,
            BookingRecord b when b.UserId == http.User.UserId() || http.User.IsAdmin() => Results.Ok(new BookingResponse(true, BookingView.From(b))),
            _ => EventlyResults.NotFound("Booking not found"),
        };
    }

    private static async Task<IResult> CancelAsync(string id, HttpContext http, CancelBooking cancel, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var bookingId))
        {
            return EventlyResults.BadRequest("The booking id must be a UUID.");
        }

        var result = await OnShardAsync(() => cancel.ExecuteAsync(bookingId, http.User.UserId(), http.User.IsAdmin(), ct));
        return result switch
        {
            IResult failure => failure,
            BookingRecord b => Results.Ok(new BookingResponse(true, BookingView.From(b))),
            _ => EventlyResults.NotFound("Booking not found"),
        };
    }

    /// <summary>A shard (or Redis) that cannot be reached answers 503 with a message a client can act on.</summary>
    internal static async Task<object?> OnShardAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (IsShardDown(ex))
        {
            return ShardDown();
        }
        catch (RedisException)
        {
            return EventlyResults.ServiceUnavailable(RedisLockStrategy.RedisDownDetail);
        }
    }

    private static bool IsShardDown(Exception ex) => ex is NpgsqlException { IsTransient: true } or TimeoutException or SocketException
        || (ex is NpgsqlException && ex.InnerException is SocketException or IOException or TimeoutException)
        || ex is PostgresException { SqlState: "57P01" or "57P02" or "57P03" };

    private static IResult ShardDown() =>
        EventlyResults.ServiceUnavailable(CreateBooking.ShardDownDetail);

    private static Guid? ParseGuid(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (Guid.TryParse(value, out var id))
        {
            return id;
        }

        errors[name] = [$"{name} must be a UUID."];
        return null;
    }

    private static int ParseInt(string? value, string name, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        if (int.TryParse(value, out var n) && n >= min && n <= max)
        {
            return n;
        }

        errors[name] = [$"{name} must be a whole number from {min} to {max}."];
        return fallback;
    }
}
