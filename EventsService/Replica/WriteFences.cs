using System.Collections.Concurrent;
using Npgsql;
using NpgsqlTypes;

namespace Evently.EventsService.Replica;

/// <summary>
/// Read-your-writes for the cache refills that follow a write. After a commit, the primary's WAL position is noted for
/// what the write touched (the listing, an event); a read of that scope goes to the standby only once the standby has
/// replayed past it. Writes invalidate the cache, and the refill must not bring the old rows back from a standby a few
/// milliseconds behind and keep them for the cache time. Per process: another events instance does not see these
/// fences (its cache does not see this instance's in-process invalidations either).
/// </summary>
public sealed class WriteFences(bool enabled)
{
    /// <summary>Past this many tracked events, fences collapse into one for every read (still correct, more reads on the primary).</summary>
    private const int MaxTrackedEvents = 10_000;

    private readonly ConcurrentDictionary<Guid, ulong> _events = new();
    private long _listing;
    private long _global;
    private long _unknownWrites;
    private long _coveredUnknownWrites;

    /// <summary>Call right after a commit on the same connection (a few hundred microseconds; skipped when reads never go to a standby).</summary>
    public async Task AfterCommitAsync(NpgsqlConnection connection, IReadOnlyCollection<Guid> eventIds, bool listing)
    {
        if (!enabled)
        {
            return;
        }

        ulong lsn;
        try
        {
            // After the commit, so the position is at or past its commit record (pg_current_wal_lsn is the write position).
            await using var command = new NpgsqlCommand("SELECT pg_current_wal_lsn()", connection);
            lsn = (ulong)(NpgsqlLogSequenceNumber)(await command.ExecuteScalarAsync(CancellationToken.None))!;
        }
        catch (NpgsqlException)
        {
            // The write is committed; without its position, every read waits for the primary's next sampled one.
            Interlocked.Increment(ref _unknownWrites);
            return;
        }

        if (listing)
        {
            RaiseTo(ref _listing, lsn);
        }

        foreach (var id in eventIds)
        {
            _events.AddOrUpdate(id, lsn, (_, old) => Math.Max(old, lsn));
        }

        if (_events.Count > MaxTrackedEvents)
        {
            RaiseTo(ref _global, lsn);
            _events.Clear();
        }
    }

    /// <summary>
    /// The highest known fence over <paramref name="scopes"/>, for another events replica to take over with the
    /// invalidation it is told of; null when there is none to pass on (or it is not known).
    /// </summary>
    public ulong? KnownFence(IEnumerable<ReadScope> scopes)
    {
        if (!enabled)
        {
            return null;
        }

        var fence = scopes.Select(For).DefaultIfEmpty(0UL).Max();
        return fence is 0 or ulong.MaxValue ? null : fence;
    }

    /// <summary>Another events replica wrote <paramref name="scope"/> at <paramref name="lsn"/>: reads of it here wait for that too.</summary>
    public void Raise(ReadScope scope, ulong lsn)
    {
        if (!enabled)
        {
            return;
        }

        if (scope.EventId is { } id)
        {
            _events.AddOrUpdate(id, lsn, (_, old) => Math.Max(old, lsn));
        }
        else
        {
            RaiseTo(ref _listing, lsn);
        }
    }

    /// <summary>The WAL position the standby must have replayed to serve <paramref name="scope"/>.</summary>
    public ulong For(ReadScope scope)
    {
        if (Interlocked.Read(ref _unknownWrites) != Interlocked.Read(ref _coveredUnknownWrites))
        {
            return ulong.MaxValue;
        }

        var fence = Math.Max((ulong)Interlocked.Read(ref _global), scope.EventId is { } id
            ? _events.GetValueOrDefault(id)
            : (ulong)Interlocked.Read(ref _listing));
        return fence;
    }

    /// <summary>Writes whose position was not read so far; the monitor takes this before it reads the primary's position.</summary>
    public long UnknownWrites => Interlocked.Read(ref _unknownWrites);

    /// <summary>
    /// The primary was at <paramref name="lsn"/> after the first <paramref name="unknownWrites"/> writes of unknown
    /// position had committed: that position fences them all.
    /// </summary>
    public void Cover(long unknownWrites, ulong lsn)
    {
        if (unknownWrites > Interlocked.Read(ref _coveredUnknownWrites))
        {
            RaiseTo(ref _global, lsn);
            Interlocked.Exchange(ref _coveredUnknownWrites, unknownWrites);
        }
    }

    /// <summary>Forgets fences the standby has passed, so the map stays small.</summary>
    public void Release(ulong replayed)
    {
        foreach (var entry in _events)
        {
            if (entry.Value <= replayed)
            {
                _events.TryRemove(entry);
            }
        }
    }

    private static void RaiseTo(ref long field, ulong lsn)
    {
        var value = unchecked((long)lsn);
        long current;
        while ((ulong)(current = Interlocked.Read(ref field)) < lsn)
        {
            if (Interlocked.CompareExchange(ref field, value, current) == current)
            {
                return;
            }
        }
    }
}
