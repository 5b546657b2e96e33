using Evently.Dashboard.Otlp.Proto.Logs;
using Evently.Dashboard.Telemetry;

namespace Evently.Dashboard.Otlp;

internal static class LogMapper
{
    /// <summary>Flattens the request to (service, scope, record) triples; the store numbers them.</summary>
    public static List<(string Service, string Scope, LogRecord Record)> Flatten(IEnumerable<ResourceLogs> resourceLogs)
    {
        var list = new List<(string, string, LogRecord)>();
        foreach (var rl in resourceLogs)
        {
            var service = OtlpValues.ServiceName(rl.Resource?.Attributes);
            foreach (var sl in rl.ScopeLogs)
            {
                var scope = sl.Scope?.Name ?? "";
                foreach (var record in sl.LogRecords)
                {
                    list.Add((service, scope, record));
                }
            }
        }

        return list;
    }

    public static LogEntry ToEntry((string Service, string Scope, LogRecord Record) item, long sequence, int maxValueLength)
    {
        var r = item.Record;
        var time = r.TimeUnixNano != 0 ? r.TimeUnixNano : r.ObservedTimeUnixNano;
        var severity = (int)r.SeverityNumber;
        return new LogEntry(
            sequence,
            time == 0 ? DateTime.UtcNow : OtlpValues.Time(time),
            severity,
            LogEntry.LevelOf(severity),
            OtlpValues.Truncate(OtlpValues.Text(r.Body), maxValueLength),
            item.Service,
            item.Scope,
            OtlpValues.Id(r.TraceId),
            OtlpValues.Id(r.SpanId),
            OtlpValues.Attributes(r.Attributes, maxValueLength));
    }
}
