using System.Text.RegularExpressions;
using Evently.Dashboard.Otlp.Proto.Logs;
using Evently.Dashboard.Telemetry;

namespace Evently.Dashboard.Otlp;

internal static partial class LogMapper
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
        var attributes = OtlpValues.Attributes(r.Attributes, maxValueLength);
        return new LogEntry(
            sequence,
            time == 0 ? DateTime.UtcNow : OtlpValues.Time(time),
            severity,
            LogEntry.LevelOf(severity),
            OtlpValues.Truncate(Message(OtlpValues.Text(r.Body), attributes), maxValueLength),
            item.Service,
            item.Scope,
            OtlpValues.Id(r.TraceId),
            OtlpValues.Id(r.SpanId),
            attributes);
    }

    /// <summary>
    /// An SDK that sends the message template as the body (.NET without IncludeFormattedMessage) still
    /// reads well: placeholders are filled from the attributes of the same name.
    /// </summary>
    internal static string Message(string body, List<KeyValuePair<string, string>> attributes)
    {
        if (!body.Contains('{', StringComparison.Ordinal) || attributes.Count == 0)
        {
            return body;
        }

        return Placeholder().Replace(body, m =>
        {
            var name = m.Groups["name"].Value;
            foreach (var a in attributes)
            {
                if (a.Key == name)
                {
                    return a.Value;
                }
            }

            return m.Value;
        });
    }

    [GeneratedRegex(@"\{(?<name>[^{}:,]+)(?:[,:][^{}]*)?\}")]
    private static partial Regex Placeholder();
}
