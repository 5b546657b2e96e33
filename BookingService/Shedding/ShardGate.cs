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
/// who has already waited). A waiter still in line at its deadline leaves it refused, never run. The state is this
/// replica's own: each replica bounds what it sends to a shard, and nothing here needs another replica to see it.
/// </summary>
public sealed class ShardGate : IDisposable
{
    public const string FullDetail =
        "The booking service is at capacity right now: too many requests are already running or waiting for this event, " +
        "so this one was refused and nothing was booked or held. Please retry after the Retry-After delay.";

    private readonly ConcurrentDictionary<int, ConcurrencyLimiter> _limiters = new();
    private readonly Func<int, ConcurrencyLimiter> _create;
    private readonly string _path;
    private readonly TimeSpan _maxWait;
    private readonly string _timeoutDetail;
    private readonly BookingMetrics _metrics;
    private readonly bool _enabled;

    public ShardGate(string path, bool enabled, int maxInFlight, int maxQueue, TimeSpan maxWait, BookingMetrics metrics)
    {
        _path = path;
        _enabled = enabled;
        _maxWait = maxWait;
        _metrics = metrics;
        MaxInFlight = Math.Max(1, maxInFlight);
        MaxQueue = Math.Max(0, maxQueue);
        _timeoutDetail = string.Format(CultureInfo.InvariantCulture,
            "The booking service is at capacity right now: this request waited {0:0.#} s for its turn without getting one, " +
            "so it was refused and nothing was booked or held. Please retry after the Retry-After delay.", maxWait.TotalSeconds);
        _create = _ => new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = MaxInFlight,
            QueueLimit = MaxQueue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    public int MaxInFlight { get; }

    public int MaxQueue { get; }

    /// <summary>Requests running and waiting on all shards, for the gauges.</summary>
    public (long Running, long Queued) Load()
    {
        long running = 0, queued = 0;
        foreach (var limiter in _limiters.Values)
        {
            if (limiter.GetStatistics() is { } stats)
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

        var limiter = _limiters.GetOrAdd(shard.Index, _create);
        // A free slot and nobody waiting: in at once, without the deadline's timer.
        var lease = limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return new Admission(lease, null);
        }

        lease.Dispose();
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
            return new Admission(lease, null);
        }

        lease.Dispose();
        return Shed("queue_full", FullDetail);
    }

    private Admission Shed(string reason, string detail)
    {
        _metrics.Shed.Add(1, new KeyValuePair<string, object?>("path", _path), new KeyValuePair<string, object?>("reason", reason));
        return new Admission(null, detail);
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }
}

/// <summary>A turn on a shard (dispose it when done), or why there was none.</summary>
public readonly struct Admission(RateLimitLease? lease, string? refusal) : IDisposable
{
    /// <summary>Null when admitted; else the 503's detail.</summary>
    public string? Refusal => refusal;

    public void Dispose() => lease?.Dispose();
}
