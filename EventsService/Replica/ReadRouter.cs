using System.Diagnostics.Metrics;
using Evently.LiveMetrics;
using Npgsql;

namespace Evently.EventsService.Replica;

/// <summary>
/// Sends listing and detail reads to the standby when it is usable, within the lag bound and past the scope's write
/// fence; to the primary otherwise, and again to the primary when a read on the standby fails (it was stopped since
/// the last sample). Two data sources rather than one multi-host one with <c>Target Session Attributes=prefer-standby</c>:
/// Npgsql's choice knows whether a host is a standby, not how far behind it is nor what this process just wrote.
/// </summary>
public sealed class ReadRouter : IReplicaFiguresSource
{
    private readonly NpgsqlDataSource _primary;
    private readonly NpgsqlDataSource? _standby;
    private readonly ReplicaLagMonitor? _monitor;
    private readonly ReplicaSettings _settings;
    private readonly WriteFences _fences;
    private readonly Counter<long> _reads;

    public ReadRouter(NpgsqlDataSource primary, IServiceProvider services, ReplicaSettings settings, WriteFences fences, IMeterFactory meters)
    {
        _primary = primary;
        _standby = services.GetKeyedService<NpgsqlDataSource>(ReplicaSettings.ConnectionName);
        _monitor = services.GetService<ReplicaLagMonitor>();
        _settings = settings;
        _fences = fences;
        var meter = meters.Create("Evently.Events.Replica");
        var replica = new KeyValuePair<string, object?>("replica", ReplicaSettings.ConnectionName);
        _reads = meter.CreateCounter<long>("evently.replica.reads", "{read}",
            "Listing and detail reads of the events service, tagged source=standby|primary and the reason for the primary.");
        meter.CreateObservableGauge("evently.replica.lag", () => LagMeasurements(replica), "ms",
            "How old the oldest change the standby has not replayed is (0 when it is caught up).");
        meter.CreateObservableGauge("evently.replica.lag_bytes", () => Status.LagBytes is { } bytes ? [new Measurement<long>(bytes, replica)] : Array.Empty<Measurement<long>>(),
            "By", "WAL the standby has not replayed yet.");
        meter.CreateObservableGauge("evently.replica.reads_on_standby", () => new Measurement<int>(Route(null).Source == _standby ? 1 : 0, replica), "{boolean}",
            "1 while listing and detail reads go to the standby, 0 while they go to the primary.");
    }

    private ReplicaStatus Status => _monitor?.Current ?? ReplicaStatus.Unknown;

    /// <summary>Where an unfenced read goes now, and why; with the standby's lag, for /internal/metrics and /health.</summary>
    public ReplicaFigures Figures
    {
        get
        {
            var status = Status;
            var (source, reason) = Route(null);
            return new ReplicaFigures(ReplicaSettings.ConnectionName, source == _standby && _standby is not null ? "standby" : "primary", reason,
                status.State, status.LagMs, status.LagBytes, _settings.MaxLag.TotalMilliseconds, status.Error);
        }
    }

    /// <summary>Runs <paramref name="query"/> on the source <paramref name="scope"/> may be read from.</summary>
    public async Task<T> ReadAsync<T>(ReadScope scope, Func<NpgsqlDataSource, CancellationToken, Task<T>> query, CancellationToken ct)
    {
        var (source, reason) = Route(scope);
        if (source != _standby || _standby is null)
        {
            Count("primary", reason);
            return await query(_primary, ct);
        }

        try
        {
            var result = await query(_standby, ct);
            Count("standby", reason);
            return result;
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is NpgsqlException or TimeoutException)
        {
            _monitor?.MarkUnreachable(e.Message);
            Count("primary", "standby-failed");
            return await query(_primary, ct);
        }
    }

    /// <param name="scope">Null: ignore write fences (where reads go in general).</param>
    private (NpgsqlDataSource Source, string Reason) Route(ReadScope? scope)
    {
        if (_standby is null || _monitor is null)
        {
            return (_primary, "no-standby");
        }

        if (!_settings.ReadFromStandby)
        {
            return (_primary, "configured");
        }

        var status = _monitor.Current;
        if (!status.Usable)
        {
            return (_primary, status.State);
        }

        if (status.LagMs > _settings.MaxLag.TotalMilliseconds || status.SampledAt < DateTimeOffset.UtcNow - 4 * _settings.SampleInterval - TimeSpan.FromSeconds(2))
        {
            return (_primary, "lagging");
        }

        if (scope is { } s && status.ReplayLsn < _fences.For(s))
        {
            return (_primary, "read-your-writes");
        }

        return (_standby, "standby");
    }

    private IEnumerable<Measurement<double>> LagMeasurements(KeyValuePair<string, object?> replica) =>
        Status.LagMs is { } lag ? [new Measurement<double>(lag, replica)] : [];

    private void Count(string source, string reason) =>
        _reads.Add(1, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("reason", reason));
}
