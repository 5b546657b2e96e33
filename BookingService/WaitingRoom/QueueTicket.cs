namespace Evently.BookingService.WaitingRoom;

/// <summary>A row of <c>queue_tickets</c> with its room's watermark and rate (read together, one index lookup).</summary>
public sealed record QueueTicket(Guid Id, Guid EventId, Guid UserId, long Number, DateTime JoinedAt, DateTime? AdmittedAt,
    DateTime? PassExpiresAt, long AdmittedThrough, int AdmissionPerMinute, bool Enabled)
{
    public const string Waiting = "waiting";
    public const string Admitted = "admitted";
    public const string Expired = "expired";

    public const string Columns =
        """
        t.id AS Id, t.event_id AS EventId, t.user_id AS UserId, t.number AS Number, t.joined_at AS JoinedAt,
        t.admitted_at AS AdmittedAt, t.pass_expires_at AS PassExpiresAt, w.admitted_through AS AdmittedThrough,
        w.admission_per_minute AS AdmissionPerMinute, w.enabled AS Enabled
        """;

    public string StatusAt(DateTime now) => AdmittedAt is null ? Waiting : PassExpiresAt > now ? Admitted : Expired;

    /// <summary>Buyers ahead of this one plus itself (1 = next); 0 once admitted. Tickets are numbered densely per event.</summary>
    public long Position => AdmittedAt is null ? Math.Max(1, Number - AdmittedThrough) : 0;

    public double EstimatedWaitSeconds => AdmittedAt is null ? Math.Ceiling(Position * 60.0 / AdmissionPerMinute) : 0;
}
