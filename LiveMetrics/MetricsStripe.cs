namespace Evently.LiveMetrics;

/// <summary>
/// One core's share of a <see cref="MetricsWindow"/>: 60 one-minute buckets (a bucket is reset when its minute comes
/// round again), a 60-slot per-second ring for the current rate, and counter totals since the process started. All
/// access is under the stripe's lock: recording is a few additions.
/// </summary>
internal sealed class MetricsStripe
{
    private readonly Bucket[] _buckets = [.. Enumerable.Range(0, MetricsWindow.Minutes).Select(_ => new Bucket())];
    private readonly long[] _secondStamps = new long[60];
    private readonly long[] _secondCounts = new long[60];
    private readonly Dictionary<string, long> _counterTotals = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private sealed class Bucket
    {
        public long Minute = -1;
        public long Requests;
        public long ServerErrors;
        public long ClientErrors;
        public long RateLimited;
        public long DbOperations;
        public double DbSumMs;
        public readonly LatencyHistogram Latency = new();
        public readonly Dictionary<string, long> Regions = new(StringComparer.Ordinal);
        public readonly Dictionary<string, long> Counters = new(StringComparer.Ordinal);

        public void Reset(long minute)
        {
            Minute = minute;
            Requests = ServerErrors = ClientErrors = RateLimited = DbOperations = 0;
            DbSumMs = 0;
            Latency.Clear();
            Regions.Clear();
            Counters.Clear();
        }
    }

    public void RecordRequest(long now, int statusCode, double durationMs, string region)
    {
        lock (_lock)
        {
            var b = Current(now);
            b.Requests++;
            if (statusCode >= 500)
            {
                b.ServerErrors++;
            }
            else if (statusCode >= 400)
            {
                b.ClientErrors++;
            }

            if (statusCode == 429)
            {
                b.RateLimited++;
            }

            b.Latency.Record(durationMs);
            Add(b.Regions, region, 1);

            var slot = (int)(now % 60);
            if (_secondStamps[slot] != now)
            {
                _secondStamps[slot] = now;
                _secondCounts[slot] = 0;
            }

            _secondCounts[slot]++;
        }
    }

    public void RecordDbOperation(long now, double durationMs)
    {
        lock (_lock)
        {
            var b = Current(now);
            b.DbOperations++;
            b.DbSumMs += durationMs;
        }
    }

    /// <summary>Adds <paramref name="value"/> to every series in <paramref name="keys"/> (a counter and its tagged series), under one lock.</summary>
    public void RecordCounter(long now, ReadOnlySpan<string> keys, long value)
    {
        lock (_lock)
        {
            var b = Current(now);
            foreach (var key in keys)
            {
                Add(b.Counters, key, value);
                Add(_counterTotals, key, value);
            }
        }
    }

    /// <summary>Adds this stripe's figures for the minutes from <paramref name="oldestMinute"/> on into <paramref name="sums"/>.</summary>
    public void AddTo(MetricsWindow.Sums sums, long now, long oldestMinute)
    {
        lock (_lock)
        {
            foreach (var b in _buckets)
            {
                if (b.Minute < oldestMinute)
                {
                    continue;
                }

                sums.Requests += b.Requests;
                sums.ServerErrors += b.ServerErrors;
                sums.ClientErrors += b.ClientErrors;
                sums.RateLimited += b.RateLimited;
                sums.DbOperations += b.DbOperations;
                sums.DbSumMs += b.DbSumMs;
                sums.Latency.Add(b.Latency);
                Merge(sums.Regions, b.Regions);
                Merge(sums.Counters, b.Counters);
            }

            for (var i = 0; i < 60; i++)
            {
                if (_secondStamps[i] > now - 60)
                {
                    sums.LastMinute += _secondCounts[i];
                }
            }

            Merge(sums.CounterTotals, _counterTotals);
        }
    }

    private Bucket Current(long nowSeconds)
    {
        var minute = nowSeconds / 60;
        var b = _buckets[minute % MetricsWindow.Minutes];
        if (b.Minute != minute)
        {
            b.Reset(minute);
        }

        return b;
    }

    private static void Add(Dictionary<string, long> into, string key, long value) =>
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(into, key, out _) += value;

    private static void Merge(Dictionary<string, long> into, Dictionary<string, long> from)
    {
        foreach (var (k, v) in from)
        {
            Add(into, k, v);
        }
    }
}
