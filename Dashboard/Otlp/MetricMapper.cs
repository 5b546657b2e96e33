using Evently.Dashboard.Otlp.Proto.Metrics;
using Evently.Dashboard.Telemetry;

namespace Evently.Dashboard.Otlp;

internal static class MetricMapper
{
    /// <summary>Stores every metric of the request; returns the number of data points rejected.</summary>
    public static long Store(IEnumerable<ResourceMetrics> resourceMetrics, TelemetryStore store)
    {
        long rejected = 0;
        foreach (var rm in resourceMetrics)
        {
            var service = OtlpValues.ServiceName(rm.Resource?.Attributes);
            foreach (var sm in rm.ScopeMetrics)
            {
                var scope = sm.Scope?.Name ?? "";
                foreach (var metric in sm.Metrics)
                {
                    rejected += StoreMetric(new InstrumentKey(service, scope, metric.Name), metric, store);
                }
            }
        }

        return rejected;
    }

    private static int StoreMetric(InstrumentKey key, Metric m, TelemetryStore store)
    {
        switch (m.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                return store.AddMetric(key, m.Description, m.Unit, MetricKind.Gauge, false, false,
                    m.Gauge.DataPoints.Select(Number).ToList());
            case Metric.DataOneofCase.Sum:
                return store.AddMetric(key, m.Description, m.Unit, MetricKind.Sum, m.Sum.IsMonotonic,
                    m.Sum.AggregationTemporality == AggregationTemporality.Delta,
                    m.Sum.DataPoints.Select(Number).ToList());
            case Metric.DataOneofCase.Histogram:
                return store.AddMetric(key, m.Description, m.Unit, MetricKind.Histogram, false,
                    m.Histogram.AggregationTemporality == AggregationTemporality.Delta,
                    m.Histogram.DataPoints.Select(p => new MetricPoint(
                        OtlpValues.Time(p.TimeUnixNano), OtlpValues.Dimensions(p.Attributes), p.HasSum ? p.Sum : 0,
                        p.Count, p.ExplicitBounds.ToArray(), p.BucketCounts.ToArray())).ToList());
            case Metric.DataOneofCase.ExponentialHistogram:
                // Kept as count and sum: enough for rate and mean charts without the bucket maths.
                return store.AddMetric(key, m.Description, m.Unit, MetricKind.ExponentialHistogram, false,
                    m.ExponentialHistogram.AggregationTemporality == AggregationTemporality.Delta,
                    m.ExponentialHistogram.DataPoints.Select(p => new MetricPoint(
                        OtlpValues.Time(p.TimeUnixNano), OtlpValues.Dimensions(p.Attributes), p.HasSum ? p.Sum : 0,
                        p.Count)).ToList());
            case Metric.DataOneofCase.Summary:
                return store.AddMetric(key, m.Description, m.Unit, MetricKind.Summary, false, false,
                    m.Summary.DataPoints.Select(p => new MetricPoint(
                        OtlpValues.Time(p.TimeUnixNano), OtlpValues.Dimensions(p.Attributes), p.Sum, p.Count)).ToList());
            default:
                return 0;
        }
    }

    private static MetricPoint Number(NumberDataPoint p) => new(
        OtlpValues.Time(p.TimeUnixNano),
        OtlpValues.Dimensions(p.Attributes),
        p.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? p.AsInt : p.AsDouble);
}
