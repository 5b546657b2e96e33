using Evently.Dashboard.Telemetry;

namespace Evently.Dashboard;

public sealed class DashboardOptions
{
    /// <summary>The browser token (<c>/login?t=...</c>); required unless <see cref="Unsecured"/>.</summary>
    public string? BrowserToken { get; set; }

    /// <summary>No login at all (AppHost's <c>--dashboard-unsecured</c>), for local use only.</summary>
    public bool Unsecured { get; set; }

    /// <summary>
    /// When set, OTLP requests must carry it in the <c>x-otlp-api-key</c> header (AppHost passes it to the
    /// services through <c>OTEL_EXPORTER_OTLP_HEADERS</c>, as Aspire does).
    /// </summary>
    public string? OtlpApiKey { get; set; }

    public TelemetryLimits Limits { get; } = new();

    /// <summary>Largest OTLP/HTTP request accepted, after decompression.</summary>
    public long MaxOtlpRequestBytes { get; set; } = 16 * 1024 * 1024;
}
