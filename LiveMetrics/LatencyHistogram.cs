namespace Evently.LiveMetrics;

/// <summary>
/// Counts of durations in fixed, exponentially growing buckets (0.1 ms .. ~2 min, 20% apart). Every process uses the
/// same bounds, so histograms from several services (or load-test workers) merge by adding counts, and percentiles
/// come out within one bucket's width (≤ 20%).
/// </summary>
public sealed class LatencyHistogram
{
    private const double FirstBoundMs = 0.1;
    private const double Growth = 1.2;

    /// <summary>Upper bound (ms) of each bucket; values above the last go into the last.</summary>
    public static readonly double[] BoundsMs = CreateBounds();

    private readonly long[] _counts = new long[BoundsMs.Length];

    public long Count { get; private set; }

    public double SumMs { get; private set; }

    public IReadOnlyList<long> Counts => _counts;

    /// <summary>Not thread-safe: callers hold their own lock (the window does).</summary>
    public void Record(double ms)
    {
        _counts[BucketOf(ms)]++;
        Count++;
        SumMs += ms;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        SumMs += other.SumMs;
    }

    /// <summary>Adds counts received from another process; ignored when its bounds differ (an older build).</summary>
    public void Add(IReadOnlyList<long> counts, double sumMs)
    {
        if (counts.Count != _counts.Length)
        {
            return;
        }

        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += counts[i];
            Count += counts[i];
        }

        SumMs += sumMs;
    }

    public void Clear()
    {
        Array.Clear(_counts);
        Count = 0;
        SumMs = 0;
    }

    /// <returns>The upper bound of the bucket holding the <paramref name="quantile"/> (0..1), or 0 when empty.</returns>
    public double Percentile(double quantile)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(quantile * Count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return BoundsMs[i];
            }
        }

        return BoundsMs[^1];
    }

    public double MeanMs => Count == 0 ? 0 : SumMs / Count;

    public static int BucketOf(double ms)
    {
        if (ms <= FirstBoundMs)
        {
            return 0;
        }

        var index = (int)Math.Ceiling(Math.Log(ms / FirstBoundMs, Growth));
        return Math.Clamp(index, 0, BoundsMs.Length - 1);
    }

    private static double[] CreateBounds()
    {
        var bounds = new List<double>();
        for (var b = FirstBoundMs; b < 120_000; b *= Growth)
        {
            bounds.Add(Math.Round(b, 3));
        }

        return [.. bounds];
    }
}
