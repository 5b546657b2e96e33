using Evently.Dashboard.Otlp.Proto.Trace;
using Evently.Dashboard.Telemetry;

namespace Evently.Dashboard.Otlp;

internal static class TraceMapper
{
    public static List<SpanRecord> Map(IEnumerable<ResourceSpans> resourceSpans, int maxValueLength)
    {
        var spans = new List<SpanRecord>();
        foreach (var rs in resourceSpans)
        {
            var service = OtlpValues.ServiceName(rs.Resource?.Attributes);
            foreach (var ss in rs.ScopeSpans)
            {
                var scope = ss.Scope?.Name ?? "";
                foreach (var s in ss.Spans)
                {
                    var traceId = OtlpValues.Id(s.TraceId);
                    var spanId = OtlpValues.Id(s.SpanId);
                    if (traceId is null || spanId is null)
                    {
                        continue; // not a valid span: nothing could ever find it
                    }

                    spans.Add(new SpanRecord(
                        traceId,
                        spanId,
                        OtlpValues.Id(s.ParentSpanId),
                        s.Name,
                        (SpanKindValue)(int)s.Kind,
                        service,
                        scope,
                        OtlpValues.Time(s.StartTimeUnixNano),
                        OtlpValues.Time(s.EndTimeUnixNano),
                        s.Status?.Code == Proto.Trace.Status.Types.StatusCode.Error,
                        string.IsNullOrEmpty(s.Status?.Message) ? null : s.Status.Message,
                        OtlpValues.Attributes(s.Attributes, maxValueLength),
                        s.Events.Select(e => new SpanEventRecord(OtlpValues.Time(e.TimeUnixNano), e.Name,
                            OtlpValues.Attributes(e.Attributes, maxValueLength))).ToList()));
                }
            }
        }

        return spans;
    }
}
