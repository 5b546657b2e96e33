namespace Evently.Dashboard.Telemetry;

/// <summary>OTLP log records in a ring buffer.</summary>
internal sealed class LogStore(int capacity)
{
    private readonly Lock _lock = new();
    private readonly RingBuffer<LogEntry> _entries = new(capacity);
    private long _sequence;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Adds entries; <paramref name="build"/> receives the sequence number each one gets.</summary>
    public void AddRange<T>(IEnumerable<T> items, Func<T, long, LogEntry> build)
    {
        lock (_lock)
        {
            foreach (var item in items)
            {
                _entries.Add(build(item, ++_sequence), out _);
            }
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
        }
    }

    public IReadOnlyList<LogEntry> All()
    {
        lock (_lock)
        {
            return _entries.ToList();
        }
    }
}
