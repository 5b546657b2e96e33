namespace Evently.BookingService.WaitingRoom;

/// <summary>An event's waiting-room settings as stored in <c>waiting_rooms</c> and shown to admins.</summary>
public sealed record WaitingRoomSettings(Guid EventId, bool Enabled, int AdmissionPerMinute, int PassSeconds, long AdmittedThrough,
    long Joined, DateTime UpdatedAt);

/// <summary>The admin view (snake_case): the settings, how many joined and how many were let in.</summary>
public sealed record WaitingRoomView(bool Success, Guid EventId, bool Enabled, int AdmissionRatePerMinute, int PassSeconds, long Joined,
    long AdmittedThrough, long Waiting, DateTime UpdatedAt)
{
    public static WaitingRoomView From(WaitingRoomSettings s) => new(true, s.EventId, s.Enabled, s.AdmissionPerMinute, s.PassSeconds,
        s.Joined, s.AdmittedThrough, Math.Max(0, s.Joined - s.AdmittedThrough), DateTime.SpecifyKind(s.UpdatedAt, DateTimeKind.Utc));
}
