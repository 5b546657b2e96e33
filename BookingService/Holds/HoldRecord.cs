namespace Evently.BookingService.Holds;

/// <summary>One <c>holds</c> row.</summary>
public sealed record HoldRecord(
    Guid Id, Guid EventId, Guid UserId, int Quantity, string Status, DateTime ExpiresAt, Guid? BookingId, DateTime CreatedAt,
    DateTime? EndedAt)
{
    public const string Active = "active";
    public const string Confirmed = "confirmed";
    public const string Released = "released";
    public const string Expired = "expired";

    public const string Columns =
        "id AS Id, event_id AS EventId, user_id AS UserId, quantity AS Quantity, status AS Status, expires_at AS ExpiresAt, " +
        "booking_id AS BookingId, created_at AS CreatedAt, ended_at AS EndedAt";

    /// <summary>Still holding seats for its owner at <paramref name="now"/> (an expired one may not have been swept yet).</summary>
    public bool IsLiveAt(DateTime now) => Status == Active && ExpiresAt > now;
}
