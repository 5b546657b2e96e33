namespace Evently.Dashboard.Telemetry;

/// <summary>Spans in a ring buffer, indexed by trace so the trace list and detail stay cheap.</summary>
internal sealed class SpanStore(int capacity)
{
    private readonly Lock _lock = new();
    private readonly RingBuffer<SpanRecord> _spans = new(capacity);
    private readonly Dictionary<string, List<SpanRecord>> _traces = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _spans.Count;
            }
        }
    }

    public void AddRange(IEnumerable<SpanRecord> spans)
    {
        lock (_lock)
        {
            foreach (var span in spans)
            {
                if (_spans.Add(span, out var evicted) && evicted is not null)
                {
                    Unindex(evicted);
                }

                if (!_traces.TryGetValue(span.TraceId, out var list))
                {
                    list = [];
                    _traces[span.TraceId] = list;
                }

                list.Add(span);
            }
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _spans.Clear();
            _traces.Clear();
        }
    }

    public IReadOnlyList<TraceSummary> Traces()
    {
        List<KeyValuePair<string, SpanRecord[]>> copy;
        lock (_lock)
        {
            copy = _traces.Select(t => KeyValuePair.Create(t.Key, t.Value.ToArray())).ToList();
        }

        // Summaries are computed outside the lock so a slow page never blocks the receiver.
        return copy.Select(t => TraceSummary.From(t.Key, t.Value)).OrderByDescending(t => t.Start).ToList();
    }

    public IReadOnlyList<SpanRecord> Trace(string traceId)
    {
        lock (_lock)
        {
            return _traces.TryGetValue(traceId, out var list) ? list.OrderBy(s => s.Start).ToList() : [];
        }
    }

    public IReadOnlyList<SpanRecord> All()
    {
        lock (_lock)
        {
            return _spans.ToList();
        }
    }

    private void Unindex(SpanRecord span)
    {
        if (!_traces.TryGetValue(span.TraceId, out var list))
        {
            return;
        }

        list.Remove(span);
        if (list.Count == 0)
        {
            _traces.Remove(span.TraceId);
        }
    }
}
