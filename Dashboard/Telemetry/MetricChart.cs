namespace Evently.Dashboard.Telemetry;

public sealed record ChartSeries(string Name, IReadOnlyList<DateTime> X, IReadOnlyList<double> Y);

public sealed record ChartData(string YTitle, IReadOnlyList<ChartSeries> Series);

/// <summary>
/// Turns an instrument's points into lines over time: counters as a rate per second, gauges and
/// up-down sums as their value (one line per dimension, the busiest few), histograms as
/// p50/p95/p99 per export interval estimated from the bucket counts.
/// </summary>
public static class MetricChart
{
    public const int MaxSeries = 8;

    public static ChartData Build(InstrumentSnapshot instrument)
    {
        var unit = instrument.Unit;
        return instrument.Kind switch
        {
            MetricKind.Sum when instrument.IsMonotonic => new ChartData(unit.Length == 0 ? "per second" : $"{unit}/s", PerDimension(instrument, Rate)),
            MetricKind.Gauge or MetricKind.Sum => new ChartData(unit, PerDimension(instrument, Values)),
            MetricKind.Histogram => new ChartData(unit, Percentiles(instrument)),
            _ => new ChartData(unit, [Mean(instrument)]),
        };
    }

    private static List<ChartSeries> PerDimension(InstrumentSnapshot instrument,
        Func<IReadOnlyList<MetricPoint>, bool, (List<DateTime>, List<double>)> transform)
    {
        return instrument.Points
            .GroupBy(p => p.Dimensions)
            .Select(g => (Name: g.Key.Length == 0 ? "(no attributes)" : g.Key, Points: g.ToList()))
            .OrderByDescending(g => Math.Abs(g.Points[^1].Value))
            .Take(MaxSeries)
            .Select(g =>
            {
                var (x, y) = transform(g.Points, instrument.IsDelta);
                return new ChartSeries(g.Name, x, y);
            })
            .Where(s => s.X.Count > 0)
            .ToList();
    }

    private static (List<DateTime>, List<double>) Values(IReadOnlyList<MetricPoint> points, bool isDelta) =>
        (points.Select(p => p.Time).ToList(), points.Select(p => p.Value).ToList());

    private static (List<DateTime>, List<double>) Rate(IReadOnlyList<MetricPoint> points, bool isDelta)
    {
        var x = new List<DateTime>();
        var y = new List<double>();
        for (var i = 1; i < points.Count; i++)
        {
            var seconds = (points[i].Time - points[i - 1].Time).TotalSeconds;
            if (seconds <= 0)
            {
                continue;
            }

            // A cumulative counter that went down was restarted: its new value is all new.
            var delta = isDelta ? points[i].Value : points[i].Value - points[i - 1].Value;
            if (delta < 0)
            {
                delta = points[i].Value;
            }

            x.Add(points[i].Time);
            y.Add(delta / seconds);
        }

        return (x, y);
    }

    /// <summary>Per export time, all dimensions summed, as deltas between consecutive exports.</summary>
    private static List<(DateTime Time, ulong Count, double Sum, IReadOnlyList<double> Bounds, ulong[] Buckets)> Intervals(
        InstrumentSnapshot instrument)
    {
        var totals = instrument.Points
            .GroupBy(p => p.Time)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var first = g.First();
                var bounds = first.Bounds ?? [];
                var buckets = new ulong[first.BucketCounts?.Count ?? 0];
                ulong count = 0;
                double sum = 0;
                foreach (var p in g)
                {
                    count += p.Count;
                    sum += p.Value;
                    if (p.BucketCounts is { } b && b.Count == buckets.Length)
                    {
                        for (var i = 0; i < buckets.Length; i++)
                        {
                            buckets[i] += b[i];
                        }
                    }
                }

                return (Time: g.Key, Count: count, Sum: sum, Bounds: bounds, Buckets: buckets);
            })
            .ToList();

        if (instrument.IsDelta)
        {
            return totals;
        }

        var intervals = new List<(DateTime, ulong, double, IReadOnlyList<double>, ulong[])>();
        for (var i = 1; i < totals.Count; i++)
        {
            var (prev, cur) = (totals[i - 1], totals[i]);
            if (cur.Count < prev.Count || cur.Buckets.Length != prev.Buckets.Length)
            {
                intervals.Add(cur); // restarted process or changed buckets: take the totals as they are
                continue;
            }

            var buckets = new ulong[cur.Buckets.Length];
            for (var b = 0; b < buckets.Length; b++)
            {
                buckets[b] = cur.Buckets[b] >= prev.Buckets[b] ? cur.Buckets[b] - prev.Buckets[b] : 0;
            }

            intervals.Add((cur.Time, cur.Count - prev.Count, cur.Sum - prev.Sum, cur.Bounds, buckets));
        }

        return intervals;
    }

    private static List<ChartSeries> Percentiles(InstrumentSnapshot instrument)
    {
        var intervals = Intervals(instrument).Where(i => i.Count > 0).ToList();
        var x = intervals.Select(i => i.Time).ToList();
        return
        [
            new ChartSeries("p50", x, intervals.Select(i => Quantile(i.Bounds, i.Buckets, 0.50)).ToList()),
            new ChartSeries("p95", x, intervals.Select(i => Quantile(i.Bounds, i.Buckets, 0.95)).ToList()),
            new ChartSeries("p99", x, intervals.Select(i => Quantile(i.Bounds, i.Buckets, 0.99)).ToList()),
        ];
    }

    private static ChartSeries Mean(InstrumentSnapshot instrument)
    {
        var intervals = Intervals(instrument).Where(i => i.Count > 0).ToList();
        return new ChartSeries("mean", intervals.Select(i => i.Time).ToList(), intervals.Select(i => i.Sum / i.Count).ToList());
    }

    /// <summary>Linear interpolation inside the bucket that holds the q-th value (the overflow bucket reports its lower bound).</summary>
    internal static double Quantile(IReadOnlyList<double> bounds, IReadOnlyList<ulong> buckets, double q)
    {
        ulong total = 0;
        foreach (var c in buckets)
        {
            total += c;
        }

        if (total == 0 || bounds.Count == 0)
        {
            return 0;
        }

        var rank = q * total;
        double seen = 0;
        for (var i = 0; i < buckets.Count; i++)
        {
            if (buckets[i] == 0 || seen + buckets[i] < rank)
            {
                seen += buckets[i];
                continue;
            }

            if (i >= bounds.Count)
            {
                return bounds[^1];
            }

            var lower = i == 0 ? Math.Min(0, bounds[0]) : bounds[i - 1];
            var upper = bounds[i];
            return lower + ((upper - lower) * (rank - seen) / buckets[i]);
        }

        return bounds[^1];
    }
}
