namespace Evently.BookingService.Shedding;

/// <summary>
/// How many requests a shard's line finished per second lately (a moving average of half-second samples), so a
/// newcomer can be told at once when the line ahead of it would take longer than the target wait to drain — the
/// drain rate of a hot row differs tenfold between strategies and between a quiet machine and a loaded one.
/// </summary>
public sealed class ThroughputMeter(TimeProvider time)
{
    private static readonly TimeSpan Sample = TimeSpan.FromMilliseconds(500);
    // A window this old spans an idle spell and says nothing about the current rate.
    private static readonly TimeSpan Stale = TimeSpan.FromSeconds(5);

    private long _completed;
    private long _sampledCompleted;
    private long _sampleStart = time.GetTimestamp();
    private double _perSecond = -1;

    public void Completed() => Interlocked.Increment(ref _completed);

    /// <summary>The recent completions per second; negative until a first half second has been sampled.</summary>
    public double PerSecond()
    {
        var start = Volatile.Read(ref _sampleStart);
        var now = time.GetTimestamp();
        var elapsed = time.GetElapsedTime(start, now);
        if (elapsed >= Sample && Interlocked.CompareExchange(ref _sampleStart, now, start) == start)
        {
            // Only the thread that moved the window on reaches here, so the sample's fields have one writer.
            var completed = Interlocked.Read(ref _completed);
            var done = completed - _sampledCompleted;
            _sampledCompleted = completed;
            if (elapsed < Stale)
            {
                var rate = done / elapsed.TotalSeconds;
                var previous = Volatile.Read(ref _perSecond);
                Volatile.Write(ref _perSecond, previous < 0 ? rate : (previous + rate) / 2);
            }
        }

        return Volatile.Read(ref _perSecond);
    }
}
