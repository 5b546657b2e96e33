namespace Evently.BookingService.Shedding;

/// <summary>
/// How many requests a shard's line finished per second while it was busy (a moving average of half-second samples),
/// so the line can hold what drains within the target wait: the drain rate of a hot row differs tenfold between
/// strategies, and between a quiet machine and a loaded one. Sampled only while the line is at a bound, so a quiet
/// line's rate (its demand, not its capacity) is never taken for what it can do.
/// </summary>
public sealed class ThroughputMeter(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(500);
    // A window this old spans an idle spell and says nothing about the current rate.
    private static readonly TimeSpan Stale = TimeSpan.FromSeconds(5);
    // A rate older than this was measured in a rush that is over.
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(2);

    private long _completed;
    private long _sampledCompleted;
    private long _windowStart = time.GetTimestamp();
    private long _sampledAt;
    private double _perSecond = -1;

    public void Completed() => Interlocked.Increment(ref _completed);

    /// <summary>The rate of the last sample if it is fresh; null when none is.</summary>
    public double? PerSecond()
    {
        var sampledAt = Volatile.Read(ref _sampledAt);
        var rate = Volatile.Read(ref _perSecond);
        return rate >= 0 && time.GetElapsedTime(sampledAt) < Fresh ? rate : null;
    }

    /// <summary>Takes a sample if half a second has passed since the last; then <see cref="PerSecond"/>.</summary>
    public double? Sample()
    {
        var start = Volatile.Read(ref _windowStart);
        var now = time.GetTimestamp();
        var elapsed = time.GetElapsedTime(start, now);
        if (elapsed >= Window && Interlocked.CompareExchange(ref _windowStart, now, start) == start)
        {
            // Only the thread that moved the window on reaches here, so the sample's fields have one writer.
            var completed = Interlocked.Read(ref _completed);
            var done = completed - _sampledCompleted;
            _sampledCompleted = completed;
            if (elapsed < Stale)
            {
                var rate = done / elapsed.TotalSeconds;
                var previous = Volatile.Read(ref _perSecond);
                Volatile.Write(ref _perSecond, previous < 0 || PerSecond() is null ? rate : (previous + rate) / 2);
                Volatile.Write(ref _sampledAt, now);
            }
        }

        return PerSecond();
    }
}
