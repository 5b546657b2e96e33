namespace Evently.BookingService.Tickets;

/// <summary>One <c>tickets</c> row with its booking's status (a cancelled booking's tickets are cancelled).</summary>
public sealed record TicketRecord(
    Guid Id, Guid BookingId, Guid EventId, Guid UserId, int Seq, string Code, DateTime? CheckedInAt, Guid? CheckedInBy,
    string BookingStatus)
{
    public const string Valid = "valid";
    public const string CheckedIn = "checked_in";
    public const string Cancelled = "cancelled";

    /// <summary>Columns of <c>tickets t JOIN bookings b</c>.</summary>
    public const string Columns =
        "t.id AS Id, t.booking_id AS BookingId, t.event_id AS EventId, t.user_id AS UserId, t.seq AS Seq, t.code AS Code, " +
        "t.checked_in_at AS CheckedInAt, t.checked_in_by AS CheckedInBy, b.status AS BookingStatus";

    public string Status => BookingStatus == Bookings.BookingRecord.Cancelled ? Cancelled : CheckedInAt is null ? Valid : CheckedIn;
}

/// <summary>A ticket as the API shows it (snake_case on the wire), with where its QR code images are.</summary>
public sealed record TicketView(
    Guid Id, Guid BookingId, Guid EventId, int Seq, string Code, string Status, DateTime? CheckedInAt, string QrSvgUrl, string QrPngUrl)
{
    public static TicketView From(TicketRecord t)
    {
        var qr = $"/api/v1/bookings/{t.BookingId}/tickets/{t.Id}/qr";
        return new(t.Id, t.BookingId, t.EventId, t.Seq, t.Code, t.Status,
            t.CheckedInAt is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : null, qr + ".svg", qr + ".png");
    }
}

public sealed record TicketListResponse(bool Success, Guid BookingId, IReadOnlyList<TicketView> Tickets);

/// <summary>What the door sees of the event: the shard's inventory, plus name, venue and times from the events service when it answers.</summary>
public sealed record CheckInEventView(
    Guid Id, string? Name, string? Venue, DateTime? StartsAt, DateTime? EndsAt, string Status, int TotalCapacity);

public sealed record CheckInResponse(bool Success, TicketView Ticket, CheckInEventView Event);
