using System.Text.Json;

namespace Evently.Bench.Load;

/// <summary>
/// Reads <c>system_performance.replica_lag_ms</c> and <c>replica_reads_from</c> from <c>/api/v1/tracing/metrics</c>
/// once a second while a load runs: the standby's lag under that load, and whether reads stayed on it.
/// </summary>
public sealed class ReplicaLagProbe : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<double> _lags = [];
    private readonly HashSet<string> _readsFrom = new(StringComparer.Ordinal);
    private readonly Task _polling;
    private bool _disposed;

    private ReplicaLagProbe(HttpClient admin) => _polling = PollAsync(admin);

    public static ReplicaLagProbe Start(HttpClient admin) => new(admin);

    /// <summary>Largest lag seen (ms); null when none was reported.</summary>
    public double? MaxMs => _lags.Count == 0 ? null : _lags.Max();

    /// <summary>Where reads went during the run: "standby", "primary" or "standby, primary".</summary>
    public string ReadsFrom => _readsFrom.Count == 0 ? "n/a" : string.Join(", ", _readsFrom.Order(StringComparer.Ordinal));

    private async Task PollAsync(HttpClient admin)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    using var response = await admin.GetAsync("api/v1/tracing/metrics", _stop.Token);
                    var system = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_stop.Token)).RootElement.GetProperty("system_performance");
                    if (system.GetProperty("replica_lag_ms") is { ValueKind: JsonValueKind.Number } lag)
                    {
                        _lags.Add(lag.GetDouble());
                    }

                    if (system.GetProperty("replica_reads_from").GetString() is { } from)
                    {
                        _readsFrom.Add(from);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    // A sample missed under load; the others still say it.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Stops polling (safe to call twice: a run stops it before it reads the figures).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stop.CancelAsync();
        await _polling;
        _stop.Dispose();
    }
}
