using System.Globalization;
using Dapper;
using Evently.BookingService.Sharding;
using Evently.Data.LiveSeats;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Evently.BookingService.LiveSeats;

/// <summary>
/// Listens on every shard for the <c>live_seats</c> notifications of migration 005 (sent on commit, in commit order, by
/// whatever changed an event's seats) and writes each event's newest count to Redis with a version guard, so readers
/// see a booking within milliseconds instead of after the seat messages. Nothing here is on the booking path: a
/// shard or Redis outage only delays the counts. After (re)connecting to a shard, or when Redis comes back, the rows
/// changed recently are published again, covering anything missed meanwhile. Every booking replica may run this; the
/// version guard keeps their writes from going backwards.
/// </summary>
public sealed partial class LiveSeatsPublisher(ShardMap shards, IConnectionMultiplexer redis, IOptions<LiveSeatsOptions> options,
    ILogger<LiveSeatsPublisher> logger) : BackgroundService
{
    public const string Channel = "live_seats";

    private const string RecentSql =
        """
        SELECT event_id AS EventId, total_capacity AS TotalCapacity, available_seats AS AvailableSeats, version AS Version
        FROM event_inventory WHERE updated_at > now() - make_interval(mins => @minutes)
        """;

    private readonly PendingCounts _pending = new();
    private volatile bool _resyncAll;

    /// <summary>
    /// Dedicated threads with blocking waits, as the group commit does: during an on-sale the thread pool's queue is
    /// long, and a count whose every await waited its turn there would reach Redis hundreds of ms late.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Redis may have restarted empty: republish what changed lately once it is back.
        redis.ConnectionRestored += (_, _) => { _resyncAll = true; _pending.Wake(); };
        using (ExecutionContext.SuppressFlow())
        {
            new Thread(() => Write(stoppingToken)) { IsBackground = true, Name = "live-seats writer" }.Start();
            foreach (var shard in shards.Shards)
            {
                new Thread(() => Listen(shard, stoppingToken)) { IsBackground = true, Name = $"live-seats {shard.Name}" }.Start();
            }
        }

        return Task.CompletedTask;
    }

    private void Listen(Shard shard, CancellationToken ct)
    {
        var backoff = TimeSpan.Zero;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var connection = shard.DataSource.OpenConnection();
                connection.Notification += (_, e) => OnNotification(e.Payload);
                connection.Execute($"LISTEN {Channel}");
                Resync(shard);
                backoff = TimeSpan.Zero;
                while (!ct.IsCancellationRequested)
                {
                    // Returns on a notification (handled above) or after a second, to notice a stop.
                    connection.Wait(TimeSpan.FromSeconds(1));
                }
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                backoff = NextBackoff(backoff);
                LogListenFailed(logger, ex, shard.Name, backoff.TotalMilliseconds);
                ct.WaitHandle.WaitOne(backoff);
            }
            catch (Exception)
            {
                return; // stopping
            }
        }
    }

    private void OnNotification(string payload)
    {
        var parts = payload.Split(',');
        if (parts.Length == 4
            && Guid.TryParse(parts[0], out var eventId)
            && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var capacity)
            && int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var available)
            && long.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var version))
        {
            _pending.Add(eventId, new LiveSeatCount(version, capacity, available));
        }
    }

    private void Resync(Shard shard)
    {
        using var connection = shard.DataSource.OpenConnection();
        foreach (var row in connection.Query<RecentRow>(RecentSql, new { minutes = Math.Max(1, options.Value.ResyncMinutes) }))
        {
            _pending.Add(row.EventId, new LiveSeatCount(row.Version, row.TotalCapacity, row.AvailableSeats));
        }
    }

    /// <summary>One writer: takes all pending counts and sets them in one pipelined round; failures go back to pending.</summary>
    private void Write(CancellationToken ct)
    {
        var backoff = TimeSpan.Zero;
        var ttl = Math.Max(1, options.Value.TtlSeconds);
        var roundInterval = TimeSpan.FromMilliseconds(Math.Clamp(options.Value.RoundIntervalMs, 0, 1_000));
        while (!ct.IsCancellationRequested)
        {
            try
            {
                _pending.Wait(ct);
                if (_resyncAll)
                {
                    _resyncAll = false;
                    foreach (var shard in shards.Shards)
                    {
                        Resync(shard);
                    }
                }

                var batch = _pending.TakeAll();
                if (batch.Count == 0)
                {
                    continue;
                }

                if (!redis.IsConnected)
                {
                    Requeue(batch);
                    backoff = NextBackoff(backoff);
                    ct.WaitHandle.WaitOne(backoff);
                    continue;
                }

                var db = redis.GetDatabase();
                var writes = batch.Select(p => db.ScriptEvaluateAsync(LiveSeatCount.SetIfNewerScript, new
                {
                    key = LiveSeatCount.Key(p.Key),
                    version = p.Value.Version,
                    value = p.Value.Format(),
                    ttl,
                })).ToArray();
                try
                {
                    // All sent at once (pipelined); this thread only waits for the replies, blocked rather than spinning:
                    // Task.Wait spins first, and on a 2-core box during an on-sale that spinning was a tenth of the
                    // service's CPU (bench profile).
                    var replies = Task.WhenAll(writes);
                    ((IAsyncResult)replies).AsyncWaitHandle.WaitOne();
                    replies.GetAwaiter().GetResult();
                    backoff = TimeSpan.Zero;
                    // Let counts gather: a hot event changes thousands of times a second and only its newest count
                    // matters, so rounds this far apart cost a few writes per event per second, not one per commit.
                    ct.WaitHandle.WaitOne(roundInterval);
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    // Re-sending a count that did land is harmless: the version guard ignores it.
                    Requeue(batch);
                    backoff = NextBackoff(backoff);
                    LogWriteFailed(logger, ex, batch.Count, backoff.TotalMilliseconds);
                    ct.WaitHandle.WaitOne(backoff);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A resync that could not read its shard: that shard's listener resyncs when it reconnects.
                LogWriteFailed(logger, ex, 0, 0);
            }
        }
    }

    private void Requeue(Dictionary<Guid, LiveSeatCount> batch)
    {
        foreach (var (eventId, count) in batch)
        {
            _pending.Add(eventId, count);
        }
    }

    private static TimeSpan NextBackoff(TimeSpan current) =>
        current == TimeSpan.Zero ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromTicks(Math.Min(current.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));

    private sealed record RecentRow(Guid EventId, int TotalCapacity, int AvailableSeats, long Version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for live seat counts on {Shard} failed; retrying in {DelayMs} ms")]
    private static partial void LogListenFailed(ILogger logger, Exception e, string shard, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} live seat counts to Redis failed; retrying in {DelayMs} ms")]
    private static partial void LogWriteFailed(ILogger logger, Exception e, int count, double delayMs);
}
