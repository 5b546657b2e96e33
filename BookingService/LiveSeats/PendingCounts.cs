using Evently.Data.LiveSeats;

namespace Evently.BookingService.LiveSeats;

/// <summary>
/// Counts heard but not yet in Redis, newest per event: during an on-sale one event changes thousands of times a
/// second, and only its latest count is worth a Redis call. Thread-safe; <see cref="Wait"/> blocks the writer until there is something.
/// </summary>
public sealed class PendingCounts
{
    private readonly Lock _gate = new();
    // No spinning before blocking: the writer waits here between rounds, and spinning on 2 cores steals the booking path's CPU.
    private readonly ManualResetEventSlim _signal = new(false, spinCount: 0);
    private Dictionary<Guid, LiveSeatCount> _counts = [];

    public void Add(Guid eventId, LiveSeatCount count)
    {
        lock (_gate)
        {
            if (_counts.TryGetValue(eventId, out var known) && known.Version >= count.Version)
            {
                return;
            }

            _counts[eventId] = count;
        }

        Wake();
    }

    /// <summary>Everything pending, leaving nothing behind.</summary>
    public Dictionary<Guid, LiveSeatCount> TakeAll()
    {
        // Reset before taking: a count added after this wakes the writer again, so none is left waiting.
        _signal.Reset();
        lock (_gate)
        {
            var taken = _counts;
            _counts = [];
            return taken;
        }
    }

    public void Wait(CancellationToken ct) => _signal.Wait(ct);

    public void Wake() => _signal.Set();
}
