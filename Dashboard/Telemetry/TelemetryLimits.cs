namespace Evently.Dashboard.Telemetry;

/// <summary>How much telemetry the dashboard keeps in memory; the oldest goes first when a limit is reached.</summary>
public sealed class TelemetryLimits
{
    public int MaxSpans { get; set; } = 20_000;

    public int MaxLogRecords { get; set; } = 20_000;

    /// <summary>Data points kept per instrument (all its dimensions together).</summary>
    public int MaxPointsPerInstrument { get; set; } = 2_000;

    /// <summary>Instruments beyond this are ignored, so a cardinality explosion cannot grow memory.</summary>
    public int MaxInstruments { get; set; } = 1_000;

    /// <summary>Longer attribute values and log bodies are cut.</summary>
    public int MaxValueLength { get; set; } = 4_096;
}
