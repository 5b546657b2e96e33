using Evently.BookingService.Bookings;
using Evently.BookingService.Inventory;
using Evently.ServiceDefaults;
using Evently.ServiceDefaults.Auth;
using Evently.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Mvc;

namespace Evently.BookingService.Tickets;

/// <summary>
/// A booking's tickets and their QR codes (owner or admin; anyone else gets the same 404 as for the booking), and
/// <c>POST /api/v1/check-in</c> for door staff.
/// </summary>
public static class TicketEndpoints
{
    public sealed record CheckInBody(string? Code);

    public static IEndpointRouteBuilder MapTicketEndpoints(this IEndpointRouteBuilder app)
    {
        var bookings = app.MapGroup("/api/v1/bookings/{id}/tickets").RequireAuthorization(EventlyAuth.UserPolicy).WithTags("Tickets");
        bookings.MapGet("", ListAsync)
            .WithName("ListTickets").WithSummary("List a booking's tickets")
            .WithDescription("One ticket per seat, each with its code and QR image links. The booking's owner or an admin; anyone else gets 404.")
            .Produces<TicketListResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        bookings.MapGet("/{ticketId}/qr.svg", (string id, string ticketId, HttpContext http, TicketStore store, CancellationToken ct) =>
                QrAsync(id, ticketId, http, store, svg: true, ct))
            .WithName("GetTicketQrSvg").WithSummary("A ticket's QR code as SVG")
            .WithDescription("The ticket's code as a QR code (error correction Q), for the booking's owner or an admin.")
            .Produces<string>(StatusCodes.Status200OK, "image/svg+xml")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        bookings.MapGet("/{ticketId}/qr.png", (string id, string ticketId, HttpContext http, TicketStore store, CancellationToken ct) =>
                QrAsync(id, ticketId, http, store, svg: false, ct))
            .WithName("GetTicketQrPng").WithSummary("A ticket's QR code as PNG")
            .WithDescription("The ticket's code as a QR code (error correction Q), for the booking's owner or an admin.")
            .Produces<Stream>(StatusCodes.Status200OK, "image/png")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        app.MapPost("/api/v1/check-in", CheckInAsync).RequireAuthorization(EventlyAuth.CheckInPolicy).WithTags("Tickets")
            .WithName("CheckIn").WithSummary("Check a ticket in at the door")
            .WithDescription("Admits a ticket once: 409 when it was already checked in (with when) or its booking is cancelled.")
            .Produces<CheckInResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<IResult> ListAsync(string id, HttpContext http, TicketStore store, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var bookingId))
        {
            return EventlyResults.BadRequest("The booking id must be a UUID.");
        }

        var result = await BookingEndpoints.OnShardAsync(() => store.ForBookingAsync(bookingId, ct));
        return result switch
        {
            IResult failure => failure,
            (BookingRecord b, IReadOnlyList<TicketRecord> tickets) when Visible(b, http) =>
                Results.Ok(new TicketListResponse(true, b.Id, [.. tickets.Select(TicketView.From)])),
            _ => EventlyResults.NotFound("Booking not found"),
        };
    }

    private static async Task<IResult> QrAsync(string id, string ticketId, HttpContext http, TicketStore store, bool svg, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var bookingId))
        {
            return EventlyResults.BadRequest("The booking id must be a UUID.");
        }

        if (!Guid.TryParse(ticketId, out var ticket))
        {
            return EventlyResults.BadRequest("The ticket id must be a UUID.");
        }

        var result = await BookingEndpoints.OnShardAsync(() => store.ForBookingAsync(bookingId, ct));
        if (result is IResult failure)
        {
            return failure;
        }

        if (result is not (BookingRecord b, IReadOnlyList<TicketRecord> tickets) || !Visible(b, http))
        {
            return EventlyResults.NotFound("Booking not found");
        }

        if (tickets.FirstOrDefault(t => t.Id == ticket) is not { } found)
        {
            return EventlyResults.NotFound("Ticket not found");
        }

        // A ticket's image never changes: the browser may keep it, but only for this user (it is an entry pass).
        http.Response.Headers.CacheControl = "private, max-age=86400";
        return svg
            ? Results.Text(TicketQr.Svg(found.Code), "image/svg+xml")
            : Results.File(TicketQr.Png(found.Code), "image/png");
    }

    private static async Task<IResult> CheckInAsync([FromBody] CheckInBody? body, HttpContext http, TicketStore store, EventsClient events,
        ILogger<TicketStore> logger, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body?.Code))
        {
            return EventlyResults.Validation(new Dictionary<string, string[]> { ["code"] = ["code is required (the ticket's code)."] });
        }

        if (!TicketCodes.TryParse(body.Code, out var code, out var shard))
        {
            return EventlyResults.Validation(new Dictionary<string, string[]>
            {
                ["code"] = [$"code must be a ticket code: {TicketCodes.Length} characters of A-Z and 2-7."],
            });
        }

        var result = await BookingEndpoints.OnShardAsync(() => store.CheckInAsync(code, shard, http.User.UserId(), ct));
        switch (result)
        {
            case IResult failure:
                return failure;
            case TicketStore.CheckInResult.CheckedIn(var ticket, var inventory):
                EventsClient.EventSummary? summary = null;
                try
                {
                    summary = await events.GetSummaryAsync(ticket.EventId, ct);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutException
                    or Polly.Timeout.TimeoutRejectedException && !ct.IsCancellationRequested)
                {
                    // The check-in is committed; the door still gets the ticket and what the shard knows.
                    logger.LogWarning(ex, "Events service unavailable for the check-in view of event {EventId}", ticket.EventId);
                }

                return Results.Ok(new CheckInResponse(true, TicketView.From(ticket), new CheckInEventView(ticket.EventId, summary?.Name,
                    summary?.Venue, Utc(summary?.StartsAt), Utc(summary?.EndsAt), inventory?.Status ?? "unknown", inventory?.TotalCapacity ?? 0)));
            case TicketStore.CheckInResult.AlreadyCheckedIn(var at):
                return EventlyResults.Conflict($"Already checked in at {at:yyyy-MM-ddTHH:mm:ss.fffZ}");
            case TicketStore.CheckInResult.Cancelled:
                return EventlyResults.Conflict("Ticket cancelled");
            default:
                return EventlyResults.NotFound("Ticket not found");
        }
    }

    private static bool Visible(BookingRecord booking, HttpContext http) =>
        booking.UserId == http.User.UserId() || http.User.IsAdmin();

    private static DateTime? Utc(DateTime? value) => value is { } v ? DateTime.SpecifyKind(v.ToUniversalTime(), DateTimeKind.Utc) : null;
}
