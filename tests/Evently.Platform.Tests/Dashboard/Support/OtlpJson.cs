using System.Text.Json;

namespace Evently.Platform.Tests.Dashboard.Support;

/// <summary>One span as the dashboard's telemetry API returns it (OTLP JSON), flattened with its service and scope.</summary>
public sealed record TelemetrySpan(string Service, string Scope, string Name, SpanKind Kind, string TraceId, string SpanId, string ParentSpanId,
    IReadOnlyDictionary<string, string> Attributes)
{
    public override string ToString() => $"{Service} | {Scope} | {Name} | {SpanId} ← {(ParentSpanId.Length == 0 ? "-" : ParentSpanId)}";
}

/// <summary>OTLP's span kinds (the API sends the number).</summary>
public enum SpanKind { Unspecified, Internal, Server, Client, Producer, Consumer }

/// <summary>One structured log record from the dashboard's telemetry API.</summary>
public sealed record TelemetryLog(string Service, string Scope, string Severity, string Body, string TraceId,
    IReadOnlyDictionary<string, string> Attributes);

/// <summary>Reads the OTLP JSON the dashboard wraps in <c>{"data": ...}</c> into flat records.</summary>
internal static class OtlpJson
{
    public static IReadOnlyList<TelemetrySpan> Spans(JsonElement body) =>
    [
        .. from resource in Array(body.GetProperty("data"), "resourceSpans")
           let service = Attributes(resource.GetProperty("resource")).GetValueOrDefault("service.name", "")
           from scope in Array(resource, "scopeSpans")
           from span in Array(scope, "spans")
           select new TelemetrySpan(service, ScopeName(scope), Text(span, "name"), Kind(span), Text(span, "traceId"), Text(span, "spanId"),
               Text(span, "parentSpanId"), Attributes(span)),
    ];

    public static IReadOnlyList<TelemetryLog> Logs(JsonElement body) =>
    [
        .. from resource in Array(body.GetProperty("data"), "resourceLogs")
           let service = Attributes(resource.GetProperty("resource")).GetValueOrDefault("service.name", "")
           from scope in Array(resource, "scopeLogs")
           from record in Array(scope, "logRecords")
           select new TelemetryLog(service, ScopeName(scope), Text(record, "severityText"),
               record.TryGetProperty("body", out var b) ? Value(b) : "", Text(record, "traceId"), Attributes(record)),
    ];

    private static SpanKind Kind(JsonElement span) =>
        span.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.Number ? (SpanKind)kind.GetInt32() : SpanKind.Unspecified;

    private static string ScopeName(JsonElement scope) => scope.TryGetProperty("scope", out var s) ? Text(s, "name") : "";

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static Dictionary<string, string> Attributes(JsonElement element)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in Array(element, "attributes"))
        {
            attributes[Text(attribute, "key")] = attribute.TryGetProperty("value", out var v) ? Value(v) : "";
        }

        return attributes;
    }

    /// <summary>An OTLP AnyValue (<c>{"stringValue": ...}</c>, <c>{"intValue": ...}</c>, ...) as text.</summary>
    private static string Value(JsonElement anyValue)
    {
        if (anyValue.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in anyValue.EnumerateObject())
            {
                return property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }

        return "";
    }
}
