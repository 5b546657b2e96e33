using System.Collections.Concurrent;
using Evently.LiveMetrics;

namespace Evently.AnalyticsService.LoadTests;

/// <summary>
/// Outcomes of a running load test, recorded by thousands of workers at once (lock-free counters) and readable at
/// any time for a live status. Latencies land in the shared <see cref="LatencyHistogram"/> buckets.
/// </summary>
public sealed class LoadTestStats
{
    private readonly long[] _latency = new long[LatencyHistogram.BoundsMs.Length];
    private readonly ConcurrentDictionary<int, long> _statuses = new();
    private long _total;
    private long _succeeded;
    private long _soldOut;
    private long _timeouts;
    private long _transportErrors;
    private long _latencySumMicros;
    private long _seatsBooked;

    public void Record(int status, double ms, bool soldOut = false, int seatsBooked = 0)
    {
        Interlocked.Increment(ref _latency[LatencyHistogram.BucketOf(ms)]);
        Interlocked.Add(ref _latencySumMicros, (long)(ms * 1000));
        Interlocked.Increment(ref _total);
        _statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        if (status is >= 200 and < 300 || soldOut)
        {
            Interlocked.Increment(ref _succeeded);
        }

        if (soldOut)
        {
            Interlocked.Increment(ref _soldOut);
        }

        Interlocked.Add(ref _seatsBooked, seatsBooked);
    }

    /// <summary>No answer within the request timeout.</summary>
    public void RecordTimeout(double ms)
    {
        Interlocked.Increment(ref _timeouts);
        Interlocked.Increment(ref _total);
        Interlocked.Increment(ref _latency[LatencyHistogram.BucketOf(ms)]);
        Interlocked.Add(ref _latencySumMicros, (long)(ms * 1000));
    }

    /// <summary>Connection refused or reset: no HTTP answer at all.</summary>
    public void RecordTransportError()
    {
        Interlocked.Increment(ref _transportErrors);
        Interlocked.Increment(ref _total);
    }

    public sealed record Figures(long Total, long Succeeded, long SoldOut, long RateLimited, long ServerErrors, long Timeouts,
        long TransportErrors, long SeatsBooked, IReadOnlyDictionary<string, long> StatusCodes, LatencyHistogram Latency)
    {
        /// <summary>Requests that failed: 5xx, timeouts and transport errors (a 429 is the rate limiter working).</summary>
        public long Errors => ServerErrors + Timeouts + TransportErrors;
    }

    public Figures Read()
    {
        var latency = new LatencyHistogram();
        latency.Add([.. _latency], Interlocked.Read(ref _latencySumMicros) / 1000.0);
        var statuses = _statuses.ToDictionary(kv => kv.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value);
        return new Figures(Interlocked.Read(ref _total), Interlocked.Read(ref _succeeded), Interlocked.Read(ref _soldOut),
            _statuses.GetValueOrDefault(429), _statuses.Where(kv => kv.Key >= 500).Sum(kv => kv.Value),
            Interlocked.Read(ref _timeouts), Interlocked.Read(ref _transportErrors), Interlocked.Read(ref _seatsBooked),
            statuses, latency);
    }
}
