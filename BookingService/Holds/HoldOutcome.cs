namespace Evently.BookingService.Holds;

/// <summary>How a hold request ended, for the endpoint to turn into HTTP.</summary>
public abstract record HoldOutcome
{
    public sealed record Held(HoldRecord Hold, int AvailableSeats) : HoldOutcome;

    /// <summary>A confirm: the booking made now, or (<see cref="Replayed"/>) the one an earlier confirm made.</summary>
    public sealed record Booked(Bookings.BookingRecord Booking, bool Replayed) : HoldOutcome;

    public sealed record Ended(HoldRecord Hold) : HoldOutcome;

    public sealed record Refused(int Status, string Detail, string Reason) : HoldOutcome;

    public sealed record NotFound : HoldOutcome;

    internal sealed record EventUnknown : HoldOutcome;
}
