namespace Evently.BookingService.Inventory;

/// <summary>What the booking side needs to know about an event, from an EventChanged or the events service.</summary>
public sealed record EventSnapshot(Guid EventId, int TotalCapacity, decimal Price, string Currency, string Status, long Version, int HoldMinutes);
