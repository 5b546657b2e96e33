namespace Evently.Dashboard.Telemetry;

/// <summary>Instruments by key, each with its own ring buffer of points.</summary>
internal sealed class MetricStore(TelemetryLimits limits)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<InstrumentKey, Instrument> _instruments = [];

    public int InstrumentCount
    {
        get
        {
            lock (_lock)
            {
                return _instruments.Count;
            }
        }
    }

    /// <summary>Records points for one instrument; returns how many were rejected (instrument limit reached).</summary>
    public int Add(InstrumentKey key, string description, string unit, MetricKind kind, bool isMonotonic, bool isDelta,
        IReadOnlyCollection<MetricPoint> points)
    {
        lock (_lock)
        {
            if (!_instruments.TryGetValue(key, out var instrument))
            {
                if (_instruments.Count >= limits.MaxInstruments)
                {
                    return points.Count;
                }

                instrument = new Instrument(new RingBuffer<MetricPoint>(limits.MaxPointsPerInstrument));
                _instruments[key] = instrument;
            }

            instrument.Description = description;
            instrument.Unit = unit;
            instrument.Kind = kind;
            instrument.IsMonotonic = isMonotonic;
            instrument.IsDelta = isDelta;
            foreach (var point in points)
            {
                instrument.Points.Add(point, out _);
            }

            return 0;
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _instruments.Clear();
        }
    }

    public IReadOnlyList<InstrumentSummary> Instruments()
    {
        lock (_lock)
        {
            return _instruments
                .Select(i => new InstrumentSummary(i.Key, i.Value.Description, i.Value.Unit, i.Value.Kind,
                    i.Value.Points.Count, i.Value.Points.TryPeekNewest(out var p) && p is not null ? p.Time : default))
                .OrderBy(i => i.Key.Service, StringComparer.Ordinal)
                .ThenBy(i => i.Key.Name, StringComparer.Ordinal)
                .ToList();
        }
    }

    public InstrumentSnapshot? Get(InstrumentKey key)
    {
        lock (_lock)
        {
            return _instruments.TryGetValue(key, out var i)
                ? new InstrumentSnapshot(key, i.Description, i.Unit, i.Kind, i.IsMonotonic, i.IsDelta, i.Points.ToList())
                : null;
        }
    }

    private sealed class Instrument(RingBuffer<MetricPoint> points)
    {
        public RingBuffer<MetricPoint> Points { get; } = points;

        public string Description { get; set; } = "";

        public string Unit { get; set; } = "";

        public MetricKind Kind { get; set; }

        public bool IsMonotonic { get; set; }

        public bool IsDelta { get; set; }
    }
}
