using Evently.Dashboard.Telemetry;

namespace Evently.Dashboard.Components.Shared;

internal static class Waterfall
{
    /// <summary>Spans depth-first from the roots, children by start time; orphans (parent not received) are roots.</summary>
    public static List<(SpanRecord Span, int Depth)> Order(IReadOnlyList<SpanRecord> spans)
    {
        var ids = spans.Select(s => s.SpanId).ToHashSet();
        var children = spans
            .Where(s => s.ParentSpanId is not null && ids.Contains(s.ParentSpanId))
            .GroupBy(s => s.ParentSpanId!)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.Start).ToList());
        var rows = new List<(SpanRecord, int)>(spans.Count);
        var visited = new HashSet<string>();

        void Visit(SpanRecord span, int depth)
        {
            if (!visited.Add(span.SpanId))
            {
                return; // a duplicate id or a cycle must not hang the page
            }

            rows.Add((span, depth));
            if (children.TryGetValue(span.SpanId, out var kids))
            {
                foreach (var kid in kids)
                {
                    Visit(kid, depth + 1);
                }
            }
        }

        foreach (var root in spans.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId)).OrderBy(s => s.Start))
        {
            Visit(root, 0);
        }

        return rows;
    }
}
