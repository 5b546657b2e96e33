namespace Evently.BookingService.Inventory;

/// <summary>One <c>event_inventory</c> row as strategies read it.</summary>
public sealed record InventoryRow(
    Guid EventId, int TotalCapacity, int AvailableSeats, int HeldSeats, decimal Price, string Currency,
    string Status, long Version, long FenceToken, int CheckoutSeats, int HoldMinutes)
{
    public const string Columns =
        "event_id AS EventId, total_capacity AS TotalCapacity, available_seats AS AvailableSeats, held_seats AS HeldSeats, " +
        "price AS Price, currency AS Currency, status AS Status, version AS Version, fence_token AS FenceToken, " +
        "checkout_seats AS CheckoutSeats, hold_minutes AS HoldMinutes";

    public bool IsCancelled => Status == Contracts.EventStatuses.Cancelled;
}
