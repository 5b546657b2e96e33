namespace Evently.BookingService.Waitlist;

/// <summary>One waiting row of <c>waitlist_replica</c>.</summary>
public sealed record WaitingEntry(Guid EntryId, Guid EventId, Guid UserId, int Quantity);
