using Npgsql;
using NpgsqlTypes;

namespace Evently.EventsService.Replica;

/// <summary>
/// Samples the standby every <see cref="ReplicaSettings.SampleInterval"/>: the primary's WAL position first, then what
/// the standby has replayed. The lag is measured against the primary's positions of earlier samples: if the standby
/// has not replayed what the primary had at time t, its data is at least now − t old (and 0 when it has everything
/// the primary had at this sample). <c>now() - pg_last_xact_replay_timestamp()</c> would grow without bound while
/// nothing is written, and the primary's <c>pg_stat_replication.replay_lag</c> is only as fresh as the standby's replies.
/// Per process: each events instance decides for its own reads.
/// </summary>
public sealed class ReplicaLagMonitor(
    NpgsqlDataSource primary,
    [FromKeyedServices(ReplicaSettings.ConnectionName)] NpgsqlDataSource standby,
    ReplicaSettings settings,
    WriteFences fences,
    TimeProvider clock,
    ILogger<ReplicaLagMonitor> logger) : BackgroundService
{
    private static readonly TimeSpan History = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(2);
    private readonly Queue<(DateTimeOffset At, ulong Lsn)> _primaryPositions = new();
    private volatile ReplicaStatus _current = ReplicaStatus.Unknown;

    public ReplicaStatus Current => _current;

    /// <summary>A read on the standby just failed: stop sending reads there until a sample finds it well again.</summary>
    public void MarkUnreachable(string reason) => _current = _current with { State = "unreachable", LagMs = null, Error = reason };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.SampleInterval, clock);
        do
        {
            try
            {
                Publish(await SampleAsync(stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task<ReplicaStatus> SampleAsync(CancellationToken ct)
    {
        var unknownWrites = fences.UnknownWrites;
        var at = clock.GetUtcNow();
        ulong primaryLsn;
        try
        {
            primaryLsn = await QueryAsync(primary, "SELECT pg_current_wal_lsn()", r => (ulong)r.GetFieldValue<NpgsqlLogSequenceNumber>(0), ct);
        }
        catch (Exception e) when (IsFailure(e, ct))
        {
            return new ReplicaStatus("primary-unreachable", _current.ReplayLsn, null, null, at, e.Message);
        }

        fences.Cover(unknownWrites, primaryLsn);
        _primaryPositions.Enqueue((at, primaryLsn));
        while (_primaryPositions.Peek().At < at - History)
        {
            _primaryPositions.Dequeue();
        }

        (bool InRecovery, ulong Replayed, string? Receiver) standbyState;
        try
        {
            standbyState = await QueryAsync(standby,
                "SELECT pg_is_in_recovery(), coalesce(pg_last_wal_replay_lsn(), '0/0'), (SELECT status FROM pg_stat_wal_receiver)",
                r => (r.GetBoolean(0), (ulong)r.GetFieldValue<NpgsqlLogSequenceNumber>(1), r.IsDBNull(2) ? null : r.GetString(2)), ct);
        }
        catch (Exception e) when (IsFailure(e, ct))
        {
            // Its pooled connections died with it: do not hand the next read a dead one.
            standby.Clear();
            return new ReplicaStatus("unreachable", _current.ReplayLsn, null, null, at, e.Message);
        }

        if (!standbyState.InRecovery)
        {
            return new ReplicaStatus("not-in-recovery", 0, null, null, at, "The standby was promoted: it no longer follows the primary.");
        }

        var replayed = standbyState.Replayed;
        fences.Release(replayed);
        var now = clock.GetUtcNow();
        var oldestMissing = _primaryPositions.FirstOrDefault(p => p.Lsn > replayed);
        var lagMs = oldestMissing == default ? 0 : Math.Max(0, (now - oldestMissing.At).TotalMilliseconds);
        var lagBytes = primaryLsn > replayed ? (long)(primaryLsn - replayed) : 0;
        return new ReplicaStatus(standbyState.Receiver == "streaming" ? "streaming" : "disconnected", replayed, Math.Round(lagMs, 1), lagBytes, at, null);
    }

    private void Publish(ReplicaStatus next)
    {
        var previous = _current;
        _current = next;
        if (previous.State != next.State)
        {
            logger.LogInformation("Standby {Replica}: {Previous} → {State}{Reason}", ReplicaSettings.ConnectionName, previous.State, next.State,
                next.Error is null ? "" : $" ({next.Error})");
        }
    }

    private static async Task<T> QueryAsync<T>(NpgsqlDataSource source, string sql, Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(QueryTimeout);
        await using var connection = await source.OpenConnectionAsync(timeout.Token);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(timeout.Token);
        await reader.ReadAsync(timeout.Token);
        return read(reader);
    }

    private static bool IsFailure(Exception e, CancellationToken ct) =>
        !ct.IsCancellationRequested && e is NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException;
}
