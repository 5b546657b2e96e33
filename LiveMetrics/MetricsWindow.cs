namespace Evently.LiveMetrics;

/// <summary>
/// The last hour of request figures in 60 one-minute buckets (a bucket is reset when its minute comes round again),
/// plus a 60-slot per-second ring for the current rate. All access is under one lock: recording is a few additions.
/// </summary>
public sealed class MetricsWindow(TimeProvider clock)
{
    public const int Minutes = 60;

    private readonly Bucket[] _buckets = [.. Enumerable.Range(0, Minutes).Select(_ => new Bucket())];
    private readonly long[] _secondStamps = new long[60];
    private readonly long[] _secondCounts = new long[60];
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

    public void RecordRequest(int statusCode, double durationMs, string region)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
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
            b.Regions[region] = b.Regions.GetValueOrDefault(region) + 1;

            var slot = (int)(now % 60);
            if (_secondStamps[slot] != now)
            {
                _secondStamps[slot] = now;
                _secondCounts[slot] = 0;
            }

            _secondCounts[slot]++;
        }
    }

    public void RecordDbOperation(double durationMs)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        lock (_lock)
        {
            var b = Current(now);
            b.DbOperations++;
            b.DbSumMs += durationMs;
        }
    }

    public void RecordCounter(string key, long value)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        lock (_lock)
        {
            var b = Current(now);
            b.Counters[key] = b.Counters.GetValueOrDefault(key) + value;
        }
    }

    public sealed record Totals(RequestFigures Requests, LatencyHistogram Latency, Dictionary<string, long> Regions,
        Dictionary<string, long> Counters, DatabaseOperations DatabaseOperations);

    /// <summary>Sums the buckets of the last hour.</summary>
    public Totals Read()
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var oldestMinute = now / 60 - (Minutes - 1);
        var latency = new LatencyHistogram();
        var regions = new Dictionary<string, long>(StringComparer.Ordinal);
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        long requests = 0, serverErrors = 0, clientErrors = 0, rateLimited = 0, dbOps = 0, lastMinute = 0;
        double dbSum = 0;
        lock (_lock)
        {
            foreach (var b in _buckets.Where(b => b.Minute >= oldestMinute))
            {
                requests += b.Requests;
                serverErrors += b.ServerErrors;
                clientErrors += b.ClientErrors;
                rateLimited += b.RateLimited;
                dbOps += b.DbOperations;
                dbSum += b.DbSumMs;
                latency.Add(b.Latency);
                Merge(regions, b.Regions);
                Merge(counters, b.Counters);
            }

            for (var i = 0; i < 60; i++)
            {
                if (_secondStamps[i] > now - 60)
                {
                    lastMinute += _secondCounts[i];
                }
            }
        }

        return new Totals(new RequestFigures(requests, serverErrors, clientErrors, rateLimited, lastMinute), latency, regions,
            counters, new DatabaseOperations(dbOps, Math.Round(dbSum, 3)));
    }

    private Bucket Current(long nowSeconds)
    {
        var minute = nowSeconds / 60;
        var b = _buckets[minute % Minutes];
        if (b.Minute != minute)
        {
            b.Reset(minute);
        }

        return b;
    }

    private static void Merge(Dictionary<string, long> into, Dictionary<string, long> from)
    {
        foreach (var (k, v) in from)
        {
            into[k] = into.GetValueOrDefault(k) + v;
        }
    }
}
