namespace Evently.Dashboard.Telemetry;

/// <summary>A trace as the list shows it, computed from the spans still in memory.</summary>
public sealed record TraceSummary(
    string TraceId,
    string RootName,
    string RootService,
    IReadOnlyList<string> Services,
    int SpanCount,
    DateTime Start,
    TimeSpan Duration,
    bool HasError)
{
    public static TraceSummary From(string traceId, IReadOnlyCollection<SpanRecord> spans)
    {
        var ids = new HashSet<string>(spans.Select(s => s.SpanId));
        // The root is the earliest span whose parent is not here (a missing parent still gives a usable root).
        var root = spans
            .OrderBy(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId) ? 0 : 1)
            .ThenBy(s => s.Start)
            .First();
        var start = spans.Min(s => s.Start);
        var end = spans.Max(s => s.End);
        var services = spans.Select(s => s.Service).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new TraceSummary(traceId, root.Name, root.Service, services, spans.Count, start,
            end > start ? end - start : TimeSpan.Zero, spans.Any(s => s.IsError));
    }
}
