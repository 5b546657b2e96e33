namespace Evently.Dashboard.Telemetry;

public enum SpanKindValue
{
    Unspecified,
    Internal,
    Server,
    Client,
    Producer,
    Consumer,
}

public sealed record SpanEventRecord(DateTime Time, string Name, IReadOnlyList<KeyValuePair<string, string>> Attributes);

/// <summary>One span as received over OTLP, in display form (hex ids, UTC times, attribute values as text).</summary>
public sealed record SpanRecord(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    SpanKindValue Kind,
    string Service,
    string Scope,
    DateTime Start,
    DateTime End,
    bool IsError,
    string? StatusMessage,
    IReadOnlyList<KeyValuePair<string, string>> Attributes,
    IReadOnlyList<SpanEventRecord> Events)
{
    public TimeSpan Duration => End >= Start ? End - Start : TimeSpan.Zero;

    public string? Attribute(string key)
    {
        foreach (var kv in Attributes)
        {
            if (kv.Key == key)
            {
                return kv.Value;
            }
        }

        return null;
    }
}
