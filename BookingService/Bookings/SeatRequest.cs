namespace Evently.BookingService.Bookings;

/// <summary>The body rules a booking and a checkout hold share: an event id, and a number of seats within the cap.</summary>
public static class SeatRequest
{
    /// <param name="verb">What is done with the seats, for the cap's message ("booked", "held").</param>
    /// <returns>Field errors; empty when the request is well formed.</returns>
    public static Dictionary<string, string[]> Validate(Guid? eventId, int? quantity, int maxSeats, string verb)
    {
        var errors = new Dictionary<string, string[]>();
        if (eventId is null || eventId == Guid.Empty)
        {
            errors["event_id"] = ["event_id is required (a UUID)."];
        }

        if (quantity is not { } q)
        {
            errors["quantity"] = ["quantity is required (a whole number of seats, at least 1)."];
        }
        else if (q < 1)
        {
            errors["quantity"] = ["quantity must be at least 1."];
        }
        else if (maxSeats > 0 && q > maxSeats)
        {
            errors["quantity"] = [$"At most {maxSeats} seats can be {verb} at once."];
        }

        return errors;
    }
}
