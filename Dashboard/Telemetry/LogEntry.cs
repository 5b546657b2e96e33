namespace Evently.Dashboard.Telemetry;

/// <summary>One OTLP log record in display form. <see cref="Sequence"/> orders entries and keys the UI.</summary>
public sealed record LogEntry(
    long Sequence,
    DateTime Time,
    int SeverityNumber,
    string Level,
    string Message,
    string Service,
    string Scope,
    string? TraceId,
    string? SpanId,
    IReadOnlyList<KeyValuePair<string, string>> Attributes)
{
    /// <summary>Level name from the OTLP severity number ranges (1-4 trace ... 21-24 fatal).</summary>
    public static string LevelOf(int severityNumber) => severityNumber switch
    {
        >= 21 => "Critical",
        >= 17 => "Error",
        >= 13 => "Warning",
        >= 9 => "Information",
        >= 5 => "Debug",
        >= 1 => "Trace",
        _ => "Unspecified",
    };
}
