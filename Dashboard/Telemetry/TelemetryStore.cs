namespace Evently.Dashboard.Telemetry;

/// <summary>
/// Everything received over OTLP, in memory and bounded by <see cref="TelemetryLimits"/>. Safe for
/// concurrent writers (one lock per kind) and readers (they get copies). Each kind can be paused (new
/// data is dropped) and cleared; subscribers hear about every change so live pages can refresh.
/// </summary>
public sealed class TelemetryStore
{
    private readonly SpanStore _spans;
    private readonly LogStore _logs;
    private readonly MetricStore _metrics;
    private readonly bool[] _paused = new bool[3];
    private readonly Lock _subscribersLock = new();
    private Action<TelemetryKind>[] _subscribers = [];

    public TelemetryStore(TelemetryLimits limits)
    {
        Limits = limits;
        _spans = new SpanStore(limits.MaxSpans);
        _logs = new LogStore(limits.MaxLogRecords);
        _metrics = new MetricStore(limits);
    }

    public TelemetryLimits Limits { get; }

    public bool IsPaused(TelemetryKind kind) => Volatile.Read(ref _paused[(int)kind]);

    public void SetPaused(TelemetryKind kind, bool paused)
    {
        Volatile.Write(ref _paused[(int)kind], paused);
        Notify(kind);
    }

    public void Clear(TelemetryKind kind)
    {
        switch (kind)
        {
            case TelemetryKind.Traces: _spans.Clear(); break;
            case TelemetryKind.Logs: _logs.Clear(); break;
            case TelemetryKind.Metrics: _metrics.Clear(); break;
        }

        Notify(kind);
    }

    /// <summary>Calls <paramref name="onChange"/> (on the writer's thread) after every change, until disposed.</summary>
    public IDisposable Subscribe(Action<TelemetryKind> onChange)
    {
        lock (_subscribersLock)
        {
            _subscribers = [.. _subscribers, onChange];
        }

        return new Subscription(this, onChange);
    }

    public void AddSpans(IReadOnlyCollection<SpanRecord> spans)
    {
        if (spans.Count == 0 || IsPaused(TelemetryKind.Traces))
        {
            return;
        }

        _spans.AddRange(spans);
        Notify(TelemetryKind.Traces);
    }

    public void AddLogs<T>(IReadOnlyCollection<T> items, Func<T, long, LogEntry> build)
    {
        if (items.Count == 0 || IsPaused(TelemetryKind.Logs))
        {
            return;
        }

        _logs.AddRange(items, build);
        Notify(TelemetryKind.Logs);
    }

    /// <summary>Returns the number of points rejected because the instrument limit is reached.</summary>
    public int AddMetric(InstrumentKey key, string description, string unit, MetricKind kind, bool isMonotonic, bool isDelta,
        IReadOnlyCollection<MetricPoint> points)
    {
        if (IsPaused(TelemetryKind.Metrics))
        {
            return 0;
        }

        var rejected = _metrics.Add(key, description, unit, kind, isMonotonic, isDelta, points);
        Notify(TelemetryKind.Metrics);
        return rejected;
    }

    public int SpanCount => _spans.Count;

    public int LogCount => _logs.Count;

    public int InstrumentCount => _metrics.InstrumentCount;

    public IReadOnlyList<TraceSummary> Traces() => _spans.Traces();

    public IReadOnlyList<SpanRecord> Trace(string traceId) => _spans.Trace(traceId);

    public IReadOnlyList<SpanRecord> Spans() => _spans.All();

    public IReadOnlyList<LogEntry> Logs() => _logs.All();

    public IReadOnlyList<InstrumentSummary> Instruments() => _metrics.Instruments();

    public InstrumentSnapshot? Instrument(InstrumentKey key) => _metrics.Get(key);

    private void Notify(TelemetryKind kind)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber(kind);
        }
    }

    private void Unsubscribe(Action<TelemetryKind> onChange)
    {
        lock (_subscribersLock)
        {
            _subscribers = _subscribers.Where(s => !ReferenceEquals(s, onChange)).ToArray();
        }
    }

    private sealed class Subscription(TelemetryStore store, Action<TelemetryKind> onChange) : IDisposable
    {
        public void Dispose() => store.Unsubscribe(onChange);
    }
}
