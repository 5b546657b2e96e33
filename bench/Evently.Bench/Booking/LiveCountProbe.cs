using System.Diagnostics;
using System.Text.Json.Nodes;
using Dapper;
using Evently.Testing;
using Npgsql;

namespace Evently.Bench.Booking;

/// <summary>
/// How stale the buyer's seat count is during a run: every 100 ms of the measured part it reads the event's public
/// detail through the gateway and the event's inventory row straight on its shard. A detail sample showing d seats at
/// time t is stale by t − (time of the first shard sample below d), or 0 when the shard had not gone below d by then
/// (counts only fall during a booking run). Each sample is timed at the middle of its round trip.
/// </summary>
public sealed class LiveCountProbe : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly CancellationTokenSource _stop = new();
    private readonly List<(double AtMs, int Seats)> _details = [];
    private readonly List<(double AtMs, int Seats)> _shard = [];
    private readonly long _origin = Stopwatch.GetTimestamp();
    private readonly Task _sampling;
    private bool _disposed;

    private LiveCountProbe(EventlySystem system, HttpClient client, Guid eventId, TimeSpan warmup, TimeSpan duration) =>
        _sampling = SampleAsync(system, client, eventId, warmup, duration);

    /// <summary>Starts with the load: waits out the warm-up, then samples for <paramref name="duration"/>.</summary>
    public static LiveCountProbe Start(EventlySystem system, HttpClient client, Guid eventId, TimeSpan warmup, TimeSpan duration) =>
        new(system, client, eventId, warmup, duration);

    /// <summary>Staleness of the detail's count vs the shard, in ms (p50, p99, max) and the number of detail samples.</summary>
    public sealed record Lag(double P50Ms, double P99Ms, double MaxMs, int Samples);

    public Lag? Result { get; private set; }

    private async Task SampleAsync(EventlySystem system, HttpClient client, Guid eventId, TimeSpan warmup, TimeSpan duration)
    {
        try
        {
            await Task.Delay(warmup, _stop.Token);
            var shard = await FindShardAsync(system, eventId, _stop.Token);
            if (shard is null)
            {
                return;
            }

            await using var db = new NpgsqlConnection(shard);
            await db.OpenAsync(_stop.Token);
            using var timer = new PeriodicTimer(Interval);
            var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < end && await timer.WaitForNextTickAsync(_stop.Token))
            {
                await Task.WhenAll(SampleShardAsync(db, eventId), SampleDetailAsync(client, eventId));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SampleShardAsync(NpgsqlConnection db, Guid eventId)
    {
        try
        {
            var sent = NowMs();
            var seats = await db.ExecuteScalarAsync<int?>(new CommandDefinition(
                "SELECT available_seats FROM event_inventory WHERE event_id = @eventId", new { eventId }, cancellationToken: _stop.Token));
            if (seats is { } s)
            {
                _shard.Add(((sent + NowMs()) / 2, s));
            }
        }
        catch (NpgsqlException)
        {
            // As for the detail: one lost sample.
        }
    }

    private async Task SampleDetailAsync(HttpClient client, Guid eventId)
    {
        try
        {
            var sent = NowMs();
            using var response = await client.GetAsync($"api/v1/events/{eventId}", _stop.Token);
            if (response.IsSuccessStatusCode
                && JsonNode.Parse(await response.Content.ReadAsStringAsync(_stop.Token))?["available_seats"]?.GetValue<int>() is { } seats)
            {
                lock (_details)
                {
                    _details.Add(((sent + NowMs()) / 2, seats));
                }
            }
        }
        catch (HttpRequestException)
        {
            // A sample lost under load; the others still tell.
        }
    }

    /// <summary>The shard holding the event's inventory (the one that has its row), unpooled.</summary>
    private static async Task<string?> FindShardAsync(EventlySystem system, Guid eventId, CancellationToken ct)
    {
        foreach (var resource in system.BookingShardMap.Values)
        {
            var connectionString = system.ConnectionString(resource) + ";Pooling=false";
            await using var db = new NpgsqlConnection(connectionString);
            if (await db.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "SELECT EXISTS (SELECT 1 FROM event_inventory WHERE event_id = @eventId)", new { eventId }, cancellationToken: ct)))
            {
                return connectionString;
            }
        }

        return null;
    }

    private double NowMs() => Stopwatch.GetElapsedTime(_origin).TotalMilliseconds;

    private static Lag? Compute(IReadOnlyList<(double AtMs, int Seats)> details, IReadOnlyList<(double AtMs, int Seats)> shard)
    {
        if (details.Count == 0 || shard.Count == 0)
        {
            return null;
        }

        var lags = details.Select(d =>
        {
            var below = shard.FirstOrDefault(s => s.Seats < d.Seats && s.AtMs <= d.AtMs);
            return below == default ? 0 : d.AtMs - below.AtMs;
        }).Order().ToArray();
        return new Lag(Percentile(lags, 0.50), Percentile(lags, 0.99), lags[^1], lags.Length);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>Stops sampling and computes <see cref="Result"/> (safe to call twice).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stop.CancelAsync();
        await _sampling;
        Result = Compute(_details, _shard);
        _stop.Dispose();
    }
}
