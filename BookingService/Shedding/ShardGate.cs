using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Evently.BookingService.Sharding;
using Evently.BookingService.Telemetry;

namespace Evently.BookingService.Shedding;

/// <summary>
/// Bounds the work one kind of request (bookings, or holds) puts on each shard of this replica: a
/// <see cref="ConcurrencyLimiter"/> per shard lets <c>maxInFlight</c> run and <c>maxQueue</c> wait, oldest first so a
/// buyer's place in line is kept and a newcomer past a full line is refused at once (rather than pushing out someone
/// who has already waited). Within those static bounds the line (running and waiting) holds only what drains within
/// the target wait at the rate the shard has lately finished requests (a <see cref="ThroughputMeter"/>): the line's
/// length follows what the shard sustains today, and a newcomer past it is refused at once too. A waiter still in line
/// at its deadline (twice the target wait, never past <c>maxWait</c>) leaves it refused, never run: a line that held
/// what drains within the target wait but drained slower than measured must not keep anyone waiting for long. The state is this replica's own: each replica bounds what it sends
/// to a shard, and nothing here needs another replica to see it.
/// </summary>
public sealed class ShardGate : IDisposable
{
    public const string FullDetail =
        "The booking service is at capacity right now: too many requests are already running or waiting for this event, " +
        "so this one was refused and nothing was booked or held. Please retry after the Retry-After delay.";

    private readonly ConcurrentDictionary<int, Line> _lines = new();
    private readonly Func<int, Line> _create;
    private readonly string _path;
    private readonly TimeSpan _queueDeadline;
    private readonly TimeProvider _time;
    private readonly double _targetWaitSeconds;
    private readonly string _timeoutDetail;
    private readonly BookingMetrics _metrics;
    private readonly bool _enabled;

    /// <param name="maxWait">The longest a request ever waits in line before it is refused instead of run.</param>
    /// <param name="targetWait">What the line may hold: as much as drains within this at the measured rate; zero: no such bound.</param>
    public ShardGate(string path, bool enabled, int maxInFlight, int maxQueue, TimeSpan maxWait, TimeSpan targetWait,
        BookingMetrics metrics, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        _path = path;
        _enabled = enabled;
        _time = time;
        _queueDeadline = targetWait > TimeSpan.Zero ? TimeSpan.FromTicks(Math.Min(maxWait.Ticks, targetWait.Ticks * 2)) : maxWait;
        _targetWaitSeconds = targetWait.TotalSeconds;
        _metrics = metrics;
        MaxInFlight = Math.Max(1, maxInFlight);
        MaxQueue = Math.Max(0, maxQueue);
        _timeoutDetail = string.Format(CultureInfo.InvariantCulture,
            "The booking service is at capacity right now: this request waited {0:0.#} s for its turn without getting one, " +
            "so it was refused and nothing was booked or held. Please retry after the Retry-After delay.", _queueDeadline.TotalSeconds);
        _create = _ => new Line(new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = MaxInFlight,
            QueueLimit = MaxQueue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }), new ThroughputMeter(time), MaxInFlight);
    }

    public int MaxInFlight { get; }

    public int MaxQueue { get; }

    /// <summary>Whether the line is also bounded by what drains within the target wait (a target of zero: static bounds only).</summary>
    private bool DrainRateBound => _targetWaitSeconds > 0;

    /// <summary>Requests running and waiting on all shards, for the gauges.</summary>
    public (long Running, long Queued) Load()
    {
        long running = 0, queued = 0;
        foreach (var line in _lines.Values)
        {
            var (lineRunning, lineQueued) = line.Length();
            running += lineRunning;
            queued += lineQueued;
        }

        return (running, queued);
    }

    /// <summary>Waits for a turn on <paramref name="shard"/>; dispose the admission when the work is done.</summary>
    public async ValueTask<Admission> EnterAsync(Shard shard, CancellationToken ct)
    {
        if (!_enabled)
        {
            return default;
        }

        var line = _lines.GetOrAdd(shard.Index, _create);
        // Past what drains within the target wait at the last measured rate: measure anew, and refuse if still past.
        if (DrainRateBound && line.Meter.PerSecond() is { } last && line.IsPast(last, _targetWaitSeconds)
            && line.Meter.Sample() is { } now && line.IsPast(now, _targetWaitSeconds))
        {
            return Shed("expected_wait", FullDetail);
        }

        var limiter = line.Limiter;
        // A free slot and nobody waiting: in at once, without the deadline's timer.
        var lease = limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return new Admission(lease, line.Meter, null);
        }

        lease.Dispose();
        if (DrainRateBound && line.Meter.Sample() is { } rate && line.IsPast(rate, _targetWaitSeconds))
        {
            return Shed("expected_wait", FullDetail);
        }

        using var deadline = new CancellationTokenSource(_queueDeadline, _time);
        using var waitEnds = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            // A full line answers at once with a lease that is not acquired.
            lease = await limiter.AcquireAsync(1, waitEnds.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Shed("queue_timeout", _timeoutDetail);
        }

        if (lease.IsAcquired)
        {
            return new Admission(lease, line.Meter, null);
        }

        lease.Dispose();
        return Shed("queue_full", FullDetail);
    }

    private Admission Shed(string reason, string detail)
    {
        _metrics.Shed.Add(1, new KeyValuePair<string, object?>("path", _path), new KeyValuePair<string, object?>("reason", reason));
        return new Admission(null, null, detail);
    }

    public void Dispose()
    {
        foreach (var line in _lines.Values)
        {
            line.Limiter.Dispose();
        }
    }

    private sealed record Line(ConcurrencyLimiter Limiter, ThroughputMeter Meter, int MaxInFlight)
    {
        public (long Running, long Queued) Length() => Limiter.GetStatistics() is { } stats
            ? (MaxInFlight - stats.CurrentAvailablePermits, stats.CurrentQueuedCount)
            : (0, 0);

        /// <summary>
        /// Whether one more would make the line (running and waiting) longer than drains within the target wait at
        /// <paramref name="perSecond"/>. An empty line always takes one: a rate measured with nothing to do is no evidence.
        /// </summary>
        public bool IsPast(double perSecond, double targetSeconds)
        {
            var (running, queued) = Length();
            var inLine = running + queued;
            return inLine > 0 && inLine + 1 > perSecond * targetSeconds;
        }
    }
}

/// <summary>A turn on a shard (dispose it when done), or why there was none.</summary>
public readonly struct Admission(RateLimitLease? lease, ThroughputMeter? meter, string? refusal) : IDisposable
{
    /// <summary>Null when admitted; else the 503's detail.</summary>
    public string? Refusal => refusal;

    public void Dispose()
    {
        if (lease is not null)
        {
            lease.Dispose();
            meter?.Completed();
        }
    }
}
