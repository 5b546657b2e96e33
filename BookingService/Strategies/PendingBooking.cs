using System.Diagnostics;

namespace Evently.BookingService.Strategies;

/// <summary>A request waiting in a batcher, with the trace it came from and the answer it waits for.</summary>
public sealed class PendingBooking(BookingAttempt attempt, ActivityContext? context)
{
    public BookingAttempt Attempt { get; } = attempt;

    public ActivityContext? Context { get; } = context;

    public TaskCompletionSource<BookOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
