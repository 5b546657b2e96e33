namespace Evently.WebhooksService.Ingest;

/// <summary>The event types an endpoint can subscribe to (the <c>type</c> of each payload).</summary>
public static class WebhookEventTypes
{
    public const string BookingConfirmed = "booking.confirmed";
    public const string BookingCancelled = "booking.cancelled";
    public const string HoldExpired = "hold.expired";
    public const string WaitlistPromoted = "waitlist.promoted";
    public const string EventCancelled = "event.cancelled";
    public const string TicketCheckedIn = "ticket.checked_in";

    public static readonly IReadOnlyList<string> All =
        [BookingConfirmed, BookingCancelled, HoldExpired, WaitlistPromoted, EventCancelled, TicketCheckedIn];
}
