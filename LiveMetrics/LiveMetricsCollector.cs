using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Evently.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Evently.LiveMetrics;

/// <summary>
/// Listens, in process, to the meters the live metrics are made of — the same instruments OpenTelemetry exports:
/// ASP.NET Core's <c>http.server.request.duration</c> / <c>http.server.active_requests</c>, Kestrel's
/// <c>kestrel.active_connections</c>, Npgsql's pool gauges and command durations, and every <c>Evently.*</c> counter —
/// and keeps them in a one-hour <see cref="MetricsWindow"/>. <see cref="SnapshotAsync"/> is what <c>/internal/metrics</c> returns.
/// </summary>
public sealed class LiveMetricsCollector : IDisposable
{
    private const string HostingMeter = "Microsoft.AspNetCore.Hosting";
    private const string KestrelMeter = "Microsoft.AspNetCore.Server.Kestrel";
    private const string NpgsqlMeter = "Npgsql";
    private const string CacheConnectionName = "cache";

    /// <summary>Counter tags kept as their own series (<c>name{tag=value}</c>); other tags are summed away.</summary>
    private static readonly HashSet<string> CounterTags = ["result", "region", "cache", "reason", "policy", "outcome", "source"];

    /// <summary>Probes and scrapes are not traffic.</summary>
    private static readonly HashSet<string> IgnoredRoutes = [Extensions.HealthEndpointPath, Extensions.AlivenessEndpointPath, LiveMetricsEndpoint.Path];

    private readonly MeterListener _listener = new();
    private readonly MetricsWindow _window;
    private readonly TimeProvider _clock;
    private readonly Lazy<Task<IConnectionMultiplexer>>? _redisAdmin;
    private readonly string _service;
    private readonly DateTimeOffset _startedAt;
    private readonly Lock _observeLock = new();
    private readonly Dictionary<string, PoolFigures> _pools = new(StringComparer.Ordinal);
    /// <summary><c>name{tag=value}</c> made once per series, not per measurement.</summary>
    private readonly ConcurrentDictionary<(string Name, string Tag, string Value), string> _seriesNames = new();
    private readonly IReplicaFiguresSource[] _replicas;
    private long _activeRequests;
    private long _activeConnections;

    public LiveMetricsCollector(IHostEnvironment environment, IConfiguration configuration, IEnumerable<IReplicaFiguresSource> replicas,
        TimeProvider? clock = null)
    {
        _replicas = [.. replicas];
        _clock = clock ?? TimeProvider.System;
        _window = new MetricsWindow(_clock);
        _startedAt = _clock.GetUtcNow();
        // The orchestrator's project name ("booking"), as in OTEL_SERVICE_NAME; else derived from the assembly.
        _service = configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name
            : environment.ApplicationName.Replace("Evently.", "", StringComparison.Ordinal).Replace("Service", "", StringComparison.Ordinal).ToLowerInvariant();
        _redisAdmin = RedisAdminConnection(configuration, _service);

        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (IsWanted(instrument))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => OnMeasurement(i, v, tags));
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => OnMeasurement(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => OnMeasurement(i, v, tags));
        _listener.Start();
    }

    private static bool IsWanted(Instrument instrument) => (instrument.Meter.Name, instrument.Name) switch
    {
        (HostingMeter, "http.server.request.duration" or "http.server.active_requests") => true,
        (KestrelMeter, "kestrel.active_connections") => true,
        // Npgsql 10 follows the newer semantic conventions; the older names are kept for Npgsql 8/9.
        (NpgsqlMeter, "db.client.connection.count" or "db.client.connection.max" or "db.client.operation.duration"
            or "db.client.connections.usage" or "db.client.connections.max" or "db.client.commands.duration") => true,
        var (meter, _) when meter.StartsWith(Extensions.TelemetrySourcePrefix, StringComparison.Ordinal) =>
            instrument is Counter<long> or Counter<int> or Counter<double>,
        _ => false,
    };

    private void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        switch (instrument.Name)
        {
            case "http.server.request.duration":
                OnRequest(value, tags);
                break;
            case "http.server.active_requests":
                Interlocked.Add(ref _activeRequests, (long)value);
                break;
            case "kestrel.active_connections":
                Interlocked.Add(ref _activeConnections, (long)value);
                break;
            case "db.client.operation.duration" or "db.client.commands.duration":
                _window.RecordDbOperation(value * 1000);
                break;
            case "db.client.connection.count" or "db.client.connections.usage":
                OnPoolGauge(tags, value, max: false);
                break;
            case "db.client.connection.max" or "db.client.connections.max":
                OnPoolGauge(tags, value, max: true);
                break;
            default:
                OnCounter(instrument.Name, (long)value, tags);
                break;
        }
    }

    private void OnRequest(double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var status = 0;
        var region = ClientRegion.Unknown;
        foreach (var (key, value) in tags)
        {
            switch (key)
            {
                case "http.route" when value is string route && IgnoredRoutes.Contains(route):
                    return;
                case "http.response.status_code":
                    status = Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case ClientRegion.TagName when value is string r:
                    region = r;
                    break;
            }
        }

        _window.RecordRequest(status, seconds * 1000, region);
    }

    private void OnCounter(string name, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var buffer = new SeriesKeys();
        Span<string> keys = buffer;
        keys[0] = name;
        var count = 1;
        foreach (var (key, tagValue) in tags)
        {
            if (count < keys.Length && CounterTags.Contains(key) && tagValue is string s)
            {
                keys[count++] = _seriesNames.GetOrAdd((name, key, s), static k => $"{k.Name}{{{k.Tag}={k.Value}}}");
            }
        }

        _window.RecordCounter(keys[..count], value);
    }

    /// <summary>A counter's series for one measurement: its own name, then one per kept tag.</summary>
    [InlineArray(8)]
    private struct SeriesKeys
    {
        private string _first;
    }

    /// <summary>Called only from <see cref="ObservePools"/> (observable gauges report when asked), under its lock.</summary>
    private void OnPoolGauge(ReadOnlySpan<KeyValuePair<string, object?>> tags, double value, bool max)
    {
        string? pool = null, state = null;
        foreach (var (key, tagValue) in tags)
        {
            switch (key)
            {
                case "db.client.connection.pool.name" or "pool.name":
                    pool = tagValue as string;
                    break;
                case "db.client.connection.state" or "state":
                    state = tagValue as string;
                    break;
            }
        }

        // Unnamed data sources (the health checks' own) are named after their connection string: not the service's pools.
        if (pool is null || pool.Contains('=', StringComparison.Ordinal))
        {
            return;
        }

        var figures = _pools.GetValueOrDefault(pool) ?? new PoolFigures(pool, 0, 0, 0);
        _pools[pool] = max ? figures with { Max = figures.Max + (long)value }
            : state == "used" ? figures with { Used = figures.Used + (long)value }
            : figures with { Idle = figures.Idle + (long)value };
    }

    private List<PoolFigures> ObservePools()
    {
        lock (_observeLock)
        {
            _pools.Clear();
            _listener.RecordObservableInstruments();
            return [.. _pools.Values.OrderBy(p => p.Name, StringComparer.Ordinal)];
        }
    }

    public async Task<LiveMetricsSnapshot> SnapshotAsync(CancellationToken ct)
    {
        var totals = _window.Read();
        var pools = ObservePools();
        var now = _clock.GetUtcNow();
        var window = Math.Min((now - _startedAt).TotalSeconds, MetricsWindow.Minutes * 60);
        return new LiveMetricsSnapshot(_service, Environment.ProcessId, now, Math.Round(window, 1), totals.Requests,
            totals.Latency.Counts, Math.Round(totals.Latency.SumMs, 3), totals.Regions, totals.Counters,
            new SortedDictionary<string, long>(totals.CounterTotals, StringComparer.Ordinal),
            Interlocked.Read(ref _activeRequests), Interlocked.Read(ref _activeConnections), pools,
            totals.DatabaseOperations, await RedisUsedMemoryAsync(ct), _replicas.Length == 0 ? null : [.. _replicas.Select(r => r.Figures)]);
    }

    /// <summary>
    /// Redis <c>INFO memory</c> → <c>used_memory</c>, for services given the <c>cache</c> connection; null otherwise or
    /// while Redis is away. INFO is an admin command to StackExchange.Redis, so this uses its own small admin-mode
    /// connection rather than turning admin mode on for the service's shared one.
    /// </summary>
    private async Task<long?> RedisUsedMemoryAsync(CancellationToken ct)
    {
        if (_redisAdmin?.Value is not { } redisTask)
        {
            return null;
        }

        try
        {
            var redis = await redisTask.WaitAsync(TimeSpan.FromSeconds(2), ct);
            var server = redis.GetServers().FirstOrDefault(s => s.IsConnected);
            if (server is null)
            {
                return null;
            }

            var info = await server.InfoAsync("memory").WaitAsync(TimeSpan.FromSeconds(2), ct);
            var used = info.SelectMany(g => g).FirstOrDefault(kv => kv.Key == "used_memory").Value;
            return long.TryParse(used, out var bytes) ? bytes : null;
        }
        catch (Exception ex) when (ex is RedisException or RedisCommandException or TimeoutException)
        {
            return null; // a figure missing, not a failed snapshot
        }
    }

    private static Lazy<Task<IConnectionMultiplexer>>? RedisAdminConnection(IConfiguration configuration, string service) =>
        configuration.GetConnectionString(CacheConnectionName) is not { Length: > 0 } connectionString ? null
            : new Lazy<Task<IConnectionMultiplexer>>(async () =>
            {
                var options = ConfigurationOptions.Parse(connectionString);
                options.AllowAdmin = true;
                options.AbortOnConnectFail = false;
                options.ConnectTimeout = 2000;
                options.ClientName = service + "-metrics";
                return await ConnectionMultiplexer.ConnectAsync(options);
            });

    public void Dispose()
    {
        _listener.Dispose();
        if (_redisAdmin is { IsValueCreated: true, Value.IsCompletedSuccessfully: true })
        {
            _redisAdmin.Value.Result.Dispose();
        }
    }
}
