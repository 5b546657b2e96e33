using Dapper;
using Evently.BookingService.Sharding;
using Medallion.Threading.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Evently.BookingService.Strategies;

/// <summary>
/// <c>redis-lock</c>, the seed's technique: one Redis lock per event, waited for briefly, else "busy". A lock lease
/// can expire under a paused holder, so each holder also takes a monotonic fencing token (Redis INCR) and the
/// database refuses a write whose token is not newer than the last one written to the row.
/// </summary>
public sealed class RedisLockStrategy(DatabaseWorkers workers, IConnectionMultiplexer redis, IOptions<BookingOptions> options, ILogger<RedisLockStrategy> logger) : IBookingStrategy
{
    public const string RedisDownDetail = "Booking is temporarily unavailable: the lock service (Redis) cannot be reached. Please retry shortly.";

    private const string TakeSeatsSql =
        $"""
        UPDATE event_inventory
        SET available_seats = available_seats - @Quantity, version = version + 1, fence_token = @Fence, updated_at = now()
        WHERE event_id = @EventId AND status = 'scheduled' AND available_seats >= @Quantity AND fence_token < @Fence
        {SeatTransaction.Returning}
        """;

    public string Name => StrategyNames.RedisLock;

    public async Task<BookOutcome> TryBookAsync(Shard shard, BookingAttempt attempt, CancellationToken ct)
    {
        var settings = options.Value;
        var database = redis.GetDatabase();
        var eventLock = new RedisDistributedLock($"evently:booking:lock:{attempt.EventId}", database, o => o
            .Expiry(TimeSpan.FromMilliseconds(settings.LockLeaseMs))
            // A slow acquire still counts if a second of lease is left: more than a booking needs, and the fencing
            // token guards against a holder that overstays anyway.
            .MinValidityTime(TimeSpan.FromMilliseconds(Math.Min(1000, settings.LockLeaseMs / 2)))
            // Every waiter polls Redis; a gentler poll keeps a crowd of waiters from starving the holder.
            .BusyWaitSleepTime(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(40)));
        RedisDistributedLockHandle? handle;
        long fence;
        try
        {
            handle = await eventLock.TryAcquireAsync(TimeSpan.FromMilliseconds(settings.LockWaitMs), ct);
            if (handle is null)
            {
                // The lock library reports an unreachable Redis as "not acquired": tell that apart from a busy lock.
                return redis.IsConnected ? new BookOutcome.Busy() : new BookOutcome.Unavailable(RedisDownDetail);
            }

            fence = await database.StringIncrementAsync(FenceKey(attempt.EventId));
        }
        catch (RedisTimeoutException)
        {
            // Redis answers, just not within the wait: to this request the lock was not to be had in time.
            return new BookOutcome.Busy();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return new BookOutcome.Unavailable(RedisDownDetail);
        }

        try
        {
            var (outcome, staleRowFence) = await workers.RunAsync(() => BookUnderLock(shard, attempt, fence));
            if (staleRowFence is { } rowFence)
            {
                // Our token is stale: a newer holder wrote, or Redis lost its counter (restart); move the counter past
                // the row's token so the next holders pass again.
                logger.LogWarning("Stale fencing token {Fence} for event {EventId} (row has {RowFence})", fence, attempt.EventId, rowFence);
                await database.StringIncrementAsync(FenceKey(attempt.EventId), rowFence - fence + 1);
            }

            return outcome;
        }
        finally
        {
            await ReleaseAsync(handle, attempt.EventId);
        }
    }

    /// <summary>
    /// A release that fails must not turn a committed booking into an error: the lease expires by itself, and the
    /// fencing token already keeps a late writer out.
    /// </summary>
    private async Task ReleaseAsync(RedisDistributedLockHandle handle, Guid eventId)
    {
        try
        {
            await handle.DisposeAsync();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not release the booking lock of event {EventId}; it expires with its lease", eventId);
        }
    }

    private static (BookOutcome Outcome, long? StaleRowFence) BookUnderLock(Shard shard, BookingAttempt attempt, long fence)
    {
        using var connection = shard.DataSource.OpenConnection();
        var row = SeatTransaction.Read(connection, null, attempt.EventId, forUpdate: false);
        if (SeatTransaction.Refusal(row, attempt.Quantity) is { } refusal)
        {
            return (refusal, null);
        }

        using var tx = connection.BeginTransaction();
        var seats = connection.QuerySingleOrDefault<SeatTransaction.SeatsTaken>(TakeSeatsSql, new { attempt.EventId, attempt.Quantity, Fence = fence }, tx);
        if (seats is not null)
        {
            return (SeatTransaction.CommitBooking(connection, tx, attempt, seats), null);
        }

        tx.Rollback();
        row = SeatTransaction.Read(connection, null, attempt.EventId, forUpdate: false);
        return row is not null && row.FenceToken >= fence
            ? (new BookOutcome.Busy(), row.FenceToken)
            : (SeatTransaction.Refusal(row, attempt.Quantity) ?? new BookOutcome.Busy(), null);
    }

    private static RedisKey FenceKey(Guid eventId) => $"evently:booking:fence:{eventId}";
}
