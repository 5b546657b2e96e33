namespace Evently.WaitlistService.Entries;

/// <summary>One <c>waitlist_entries</c> row.</summary>
public sealed record WaitlistEntry(Guid Id, Guid EventId, Guid UserId, int Quantity, string Status, DateTime CreatedAt,
    DateTime UpdatedAt, Guid? BookingId)
{
    public const string Waiting = "waiting";
    public const string Booked = "booked";
    public const string Left = "left";
    public const string Cancelled = "cancelled";

    public const string Columns =
        "id AS Id, event_id AS EventId, user_id AS UserId, quantity AS Quantity, status AS Status, created_at AS CreatedAt, " +
        "updated_at AS UpdatedAt, booking_id AS BookingId";
}

/// <summary>The public shape: <c>{id, event_id, quantity, position, status, created_at, ...}</c>; position only while waiting.</summary>
public sealed record WaitlistEntryView(Guid Id, Guid EventId, int Quantity, long? Position, string Status, DateTime CreatedAt,
    DateTime UpdatedAt, Guid? BookingId)
{
    public static WaitlistEntryView From(WaitlistEntry e, long? position) =>
        new(e.Id, e.EventId, e.Quantity, e.Status == WaitlistEntry.Waiting ? position : null, e.Status,
            DateTime.SpecifyKind(e.CreatedAt, DateTimeKind.Utc), DateTime.SpecifyKind(e.UpdatedAt, DateTimeKind.Utc), e.BookingId);
}

/// <summary><c>GET /api/v1/waitlist</c>: the caller's entries, newest first.</summary>
public sealed record WaitlistEntriesResponse(IReadOnlyList<WaitlistEntryView> Entries);
