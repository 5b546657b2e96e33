namespace Evently.Dashboard.Telemetry;

public enum TelemetryKind
{
    Traces,
    Logs,
    Metrics,
}
