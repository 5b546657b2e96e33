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
/// who has already waited). A newcomer is also refused at once when the line ahead of it would take longer than the
/// target wait to drain at the rate the shard has lately finished requests (a <see cref="ThroughputMeter"/>), so the
/// line's length follows what the shard sustains today. A waiter still in line at its deadline leaves it refused,
/// never run. The state is this
/// replica's own: each replica bounds what it sends to a shard, and nothing here needs another replica to see it.
/// </summary>
public sealed class ShardGate : IDisposable
{
    public const string FullDetail =
        "The booking service is at capacity right now: too many requests are already running or waiting for this event, " +
        "so this one was refused and nothing was booked or held. Please retry after the Retry-After delay.";

    private readonly ConcurrentDictionary<int, Line> _lines = new();
    private readonly Func<int, Line> _create;
    private readonly string _path;
    private readonly TimeSpan _maxWait;
    private readonly double _targetWaitSeconds;
    private readonly string _timeoutDetail;
    private readonly BookingMetrics _metrics;
    private readonly bool _enabled;

    public ShardGate(string path, bool enabled, int maxInFlight, int maxQueue, TimeSpan maxWait, TimeSpan targetWait,
        BookingMetrics metrics, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        _path = path;
        _enabled = enabled;
        _maxWait = maxWait;
        _targetWaitSeconds = targetWait.TotalSeconds;
        _metrics = metrics;
        MaxInFlight = Math.Max(1, maxInFlight);
        MaxQueue = Math.Max(0, maxQueue);
        _timeoutDetail = string.Format(CultureInfo.InvariantCulture,
            "The booking service is at capacity right now: this request waited {0:0.#} s for its turn without getting one, " +
            "so it was refused and nothing was booked or held. Please retry after the Retry-After delay.", maxWait.TotalSeconds);
        _create = _ => new Line(new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = MaxInFlight,
            QueueLimit = MaxQueue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }), new ThroughputMeter(time));
    }

    public int MaxInFlight { get; }

    public int MaxQueue { get; }

    /// <summary>Requests running and waiting on all shards, for the gauges.</summary>
    public (long Running, long Queued) Load()
    {
        long running = 0, queued = 0;
        foreach (var line in _lines.Values)
        {
            if (line.Limiter.GetStatistics() is { } stats)
            {
                running += MaxInFlight - stats.CurrentAvailablePermits;
                queued += stats.CurrentQueuedCount;
            }
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
        var limiter = line.Limiter;
        // A free slot and nobody waiting: in at once, without the deadline's timer.
        var lease = limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return new Admission(lease, line.Meter, null);
        }

        lease.Dispose();
        if (WouldWaitTooLong(line))
        {
            return Shed("expected_wait", FullDetail);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_maxWait);
        try
        {
            // A full line answers at once with a lease that is not acquired.
            lease = await limiter.AcquireAsync(1, deadline.Token);
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

    /// <summary>Whether the line ahead would take longer than the target wait to drain at the shard's recent rate.</summary>
    private bool WouldWaitTooLong(Line line)
    {
        var perSecond = line.Meter.PerSecond();
        if (perSecond < 0)
        {
            return false; // no rate seen yet: the static bounds alone decide
        }

        var ahead = line.Limiter.GetStatistics()?.CurrentQueuedCount ?? 0;
        return perSecond == 0 || (ahead + 1) / perSecond > _targetWaitSeconds;
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

    private sealed record Line(ConcurrencyLimiter Limiter, ThroughputMeter Meter);
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
