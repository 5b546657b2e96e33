using Evently.Client.Models;

namespace Evently.Demo.Steps;

/// <summary>The waitlist: joining a sold-out event, and a cancellation's seats going to the head of the line.</summary>
public static class Waitlist
{
    public static async Task<string> JoinAsync(DemoState state, int quantity)
    {
        var carol = state.Users[2];
        var entry = await carol.Api.Api.V1.Waitlist.PostAsync(new JoinWaitlistRequest { EventId = state.EventId, Quantity = quantity });
        StepFailedException.Unless(entry?.Id is not null && entry.Status == "waiting" && entry.Position == 1,
            $"expected a waiting entry at position 1, got {entry?.Status} at {entry?.Position}");
        state.WaitlistEntryId = entry!.Id!.Value;
        state.WaitlistSeats = quantity;
        return $"{carol.Name} waits for {quantity} seats at position {entry.Position}";
    }

    /// <summary>
    /// The race's winner cancels; the booking service gives the released seats to the first waiting entry that fits, in
    /// the cancel's transaction, and the waitlist learns of it by message. (Should the entry's copy not have reached the
    /// booking service yet, the seats it finds free when it arrives go to it then: a longer wait, the same outcome.)
    /// </summary>
    public static async Task<string> PromotionAsync(DemoState state)
    {
        var cancelled = await state.Winner!.Api.Api.V1.Bookings[state.WinnerBookingId.ToString()].Cancel.PostAsync();
        StepFailedException.Unless(cancelled?.Booking?.Status == "cancelled", $"the cancellation answered status {cancelled?.Booking?.Status}");
        var carol = state.Users[2];
        var entry = await Poll.UntilAsync(() => carol.Api.Api.V1.Waitlist[state.WaitlistEntryId.ToString()].GetAsync(),
            e => e?.Status != "waiting", TimeSpan.FromSeconds(60), $"{carol.Name}'s waitlist entry being booked");
        StepFailedException.Unless(entry?.Status == "booked" && entry.BookingId is not null,
            $"{carol.Name}'s entry ended {entry?.Status}, not booked");
        var booking = await carol.Api.Api.V1.Bookings[entry!.BookingId!.Value.ToString()].GetAsync();
        StepFailedException.Unless(booking?.Booking is { Status: "confirmed" } b && b.SeatsBooked == state.WaitlistSeats,
            $"{carol.Name}'s booking is {booking?.Booking?.Status} for {booking?.Booking?.SeatsBooked} seats");
        return $"{state.Winner.Name} cancelled {state.WinnerSeats} seats; {carol.Name}'s entry was booked " +
            $"({state.WaitlistSeats} seats, booking {entry.BookingId})";
    }
}
