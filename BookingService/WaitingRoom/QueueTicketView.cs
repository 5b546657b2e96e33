namespace Evently.BookingService.WaitingRoom;

/// <summary>A queue ticket as its owner sees it (snake_case; not Tickets.TicketView, a ticket to the event); <c>pass</c> once admitted and until the pass expires.</summary>
public sealed record QueueTicketView(bool Success, Guid TicketId, Guid EventId, string Status, long Position, double EstimatedWaitSeconds,
    DateTime JoinedAt, DateTime? AdmittedAt, PassView? Pass, int PollAfterMs);

/// <summary>The pass to send as <c>X-Queue-Pass</c> on bookings and holds of the event.</summary>
public sealed record PassView(string Token, DateTime ExpiresAt, string Header);
