using System.Net;
using System.Text.Json;
using Evently.Testing;

namespace Evently.Platform.Tests.Dashboard.Support;

/// <summary>
/// The Aspire dashboard's telemetry HTTP API (<c>/api/telemetry/...</c>, key in <c>X-API-Key</c>): what the services
/// exported over OTLP, as the dashboard holds it.
/// </summary>
public sealed class TelemetryApi : IDisposable
{
    public const string KeyHeader = "X-API-Key";

    private readonly HttpClient _http;

    private TelemetryApi(HttpClient http) => _http = http;

    /// <summary>Where the dashboard serves its pages and API: the login URL without its path and token.</summary>
    public static async Task<Uri> DashboardUrlAsync(EventlySystem system) =>
        new((await system.GetDashboardLoginUrlAsync()).GetLeftPart(UriPartial.Authority) + "/");

    public static async Task<TelemetryApi> ConnectAsync(EventlySystem system)
    {
        var http = new HttpClient { BaseAddress = await DashboardUrlAsync(system), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add(KeyHeader, system.DashboardApiKey);
        return new TelemetryApi(http);
    }

    /// <summary>Every span of one trace, across services; empty while the dashboard has none of it.</summary>
    public async Task<IReadOnlyList<TelemetrySpan>> TraceAsync(string traceId) =>
        await GetAsync($"api/telemetry/traces/{traceId}") is { } body ? OtlpJson.Spans(body) : [];

    /// <summary>Structured logs of one service; empty while it has exported none.</summary>
    public async Task<IReadOnlyList<TelemetryLog>> LogsAsync(string resource, string? traceId = null, string? search = null)
    {
        var query = $"api/telemetry/logs?resource={Uri.EscapeDataString(resource)}&limit=1000"
            + (traceId is null ? "" : $"&traceId={traceId}")
            + (search is null ? "" : $"&search={Uri.EscapeDataString(search)}");
        return await GetAsync(query) is { } body ? OtlpJson.Logs(body) : [];
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The body, or null on 404: the API says 404 for a trace or resource it has no telemetry of yet.</summary>
    private async Task<JsonElement?> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonSerializer.Deserialize<JsonElement>(text)
            : throw new HttpRequestException($"GET {path}: HTTP {(int)response.StatusCode}: {text}", null, response.StatusCode);
    }
}
