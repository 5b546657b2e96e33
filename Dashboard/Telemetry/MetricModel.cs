namespace Evently.Dashboard.Telemetry;

public enum MetricKind
{
    Gauge,
    Sum,
    Histogram,
    ExponentialHistogram,
    Summary,
}

/// <summary>Identifies an instrument: which service sent it, from which meter, under which name.</summary>
public readonly record struct InstrumentKey(string Service, string Scope, string Name);

/// <summary>
/// One data point in display form. <see cref="Value"/> is the number for gauges and sums, and the sum of
/// recorded values for histograms; <see cref="Count"/>, <see cref="Bounds"/> and <see cref="BucketCounts"/>
/// are set for histograms only.
/// </summary>
public sealed record MetricPoint(
    DateTime Time,
    string Dimensions,
    double Value,
    ulong Count = 0,
    IReadOnlyList<double>? Bounds = null,
    IReadOnlyList<ulong>? BucketCounts = null);

/// <summary>What the store knows about one instrument, and a copy of its points, oldest first.</summary>
public sealed record InstrumentSnapshot(
    InstrumentKey Key,
    string Description,
    string Unit,
    MetricKind Kind,
    bool IsMonotonic,
    bool IsDelta,
    IReadOnlyList<MetricPoint> Points);

/// <summary>An instrument as the list shows it.</summary>
public sealed record InstrumentSummary(
    InstrumentKey Key,
    string Description,
    string Unit,
    MetricKind Kind,
    int PointCount,
    DateTime LastUpdate);
