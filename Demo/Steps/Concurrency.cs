using Evently.Client.Models;

namespace Evently.Demo.Steps;

/// <summary>The seed's Demo 1 and Demo 2: two people booking the last seats at once, and the exact refusal.</summary>
public static class Concurrency
{
    /// <summary>The seed's answer when a lock is busy (the <c>redis-lock</c> strategy), also a fair refusal of the race.</summary>
    private const string LockBusy = "Event is being booked by another user. Please try again.";

    public static async Task<string> CapacityBeforeAsync(DemoState state)
    {
        var detail = await state.Users[0].Api.Api.V1.Events[state.EventId].GetAsync();
        StepFailedException.Unless(detail?.AvailableSeats == state.Capacity,
            $"expected {state.Capacity} seats available, the event shows {detail?.AvailableSeats}");
        return $"{detail!.AvailableSeats} of {detail.TotalCapacity} seats available";
    }

    /// <summary>Alice and Bob each ask for more than half the seats at the same moment: one booking fits, not both.</summary>
    public static async Task<string> RaceAsync(DemoState state, int seatsEach)
    {
        var (alice, bob) = (state.Users[0], state.Users[1]);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = new[] { alice, bob }.Select(async user =>
        {
            await start.Task;
            return await TryBookAsync(user, state.EventId, seatsEach);
        }).ToList();
        start.SetResult();
        var results = await Task.WhenAll(attempts);

        var won = results.Where(r => r.Booking is not null).ToList();
        var refused = results.Where(r => r.Refusal is not null).ToList();
        StepFailedException.Unless(won.Count == 1 && refused.Count == 1,
            $"expected one booking and one refusal, got {won.Count} bookings and {refused.Count} refusals");
        var (winner, booking) = (won[0].User, won[0].Booking!);
        var (loser, refusal) = (refused[0].User, refused[0].Refusal!);
        var left = state.Capacity - seatsEach;
        StepFailedException.Unless(booking.SeatsBooked == seatsEach && booking.AvailableSeatsRemaining == left,
            $"{winner.Name}'s booking shows {booking.SeatsBooked} seats and {booking.AvailableSeatsRemaining} left, expected {seatsEach} and {left}");
        StepFailedException.Unless(refusal.Detail == $"Only {left} seats available" || refusal.Detail == LockBusy,
            $"{loser.Name} was refused with \"{refusal.Detail}\", expected \"Only {left} seats available\"");

        state.Winner = winner;
        state.WinnerBookingId = booking.Id!.Value;
        state.WinnerSeats = seatsEach;
        state.Loser = loser;
        state.SeatsLeft = left;
        return $"{winner.Name} got {seatsEach} seats ({left} left); {loser.Name} was refused: \"{refusal.Detail}\" ({refusal.Status})";
    }

    /// <summary>More seats than are left: 409 with the real number, as the seed shows it.</summary>
    public static async Task<string> RefusalAsync(DemoState state, int quantity)
    {
        var (_, booking, refusal) = await TryBookAsync(state.Loser!, state.EventId, quantity);
        StepFailedException.Unless(booking is null, $"{quantity} seats were booked out of {state.SeatsLeft}: oversold");
        var expected = $"Only {state.SeatsLeft} seats available";
        StepFailedException.Unless(refusal!.Detail == expected && refusal.Error == expected && refusal.Success == false,
            $"refused with detail \"{refusal.Detail}\", error \"{refusal.Error}\", expected \"{expected}\" in both");
        return $"{state.Loser!.Name} asked for {quantity}: \"{refusal.Detail}\" ({refusal.Status})";
    }

    /// <summary>The loser takes what is left: the event is sold out.</summary>
    public static async Task<string> SellOutAsync(DemoState state)
    {
        var answer = await state.Loser!.Api.Api.V1.Bookings.PostAsync(new BookingCreateBookingBody { EventId = state.EventId, Quantity = state.SeatsLeft });
        StepFailedException.Unless(answer?.Booking?.AvailableSeatsRemaining == 0,
            $"expected 0 seats left, the booking shows {answer?.Booking?.AvailableSeatsRemaining}");
        return $"{state.Loser.Name} booked the last {state.SeatsLeft} seats; 0 left";
    }

    private static async Task<(DemoUser User, BookingCreatedView? Booking, ApiProblem? Refusal)> TryBookAsync(DemoUser user, Guid eventId, int quantity)
    {
        try
        {
            var answer = await user.Api.Api.V1.Bookings.PostAsync(new BookingCreateBookingBody { EventId = eventId, Quantity = quantity });
            return (user, answer?.Booking, null);
        }
        catch (ApiProblem problem) when (problem.ResponseStatusCode == 409)
        {
            return (user, null, problem);
        }
    }
}
