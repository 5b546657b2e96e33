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
public sealed class RedisLockStrategy(IConnectionMultiplexer redis, IOptions<BookingOptions> options, ILogger<RedisLockStrategy> logger) : IBookingStrategy
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
            .MinValidityTime(TimeSpan.FromMilliseconds(settings.LockLeaseMs * 0.8))
            .BusyWaitSleepTime(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(10)));
        RedisDistributedLockHandle? handle;
        long fence;
        try
        {
            handle = await eventLock.TryAcquireAsync(TimeSpan.FromMilliseconds(settings.LockWaitMs), ct);
            if (handle is null)
            {
                return new BookOutcome.Busy();
            }

            fence = await database.StringIncrementAsync(FenceKey(attempt.EventId));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return new BookOutcome.Unavailable(RedisDownDetail);
        }

        await using (handle)
        {
            await using var connection = await shard.DataSource.OpenConnectionAsync(ct);
            var row = await SeatTransaction.ReadAsync(connection, null, attempt.EventId, forUpdate: false, ct);
            if (SeatTransaction.Refusal(row, attempt.Quantity) is { } refusal)
            {
                return refusal;
            }

            await using var tx = await connection.BeginTransactionAsync(ct);
            var seats = await connection.QuerySingleOrDefaultAsync<SeatTransaction.SeatsTaken>(new CommandDefinition(
                TakeSeatsSql, new { attempt.EventId, attempt.Quantity, Fence = fence }, tx, cancellationToken: ct));
            if (seats is not null)
            {
                return await SeatTransaction.CommitBookingAsync(connection, tx, attempt, seats, ct);
            }

            await tx.RollbackAsync(ct);
            row = await SeatTransaction.ReadAsync(connection, null, attempt.EventId, forUpdate: false, ct);
            if (row is not null && row.FenceToken >= fence)
            {
                // Our token is stale: a newer holder wrote, or Redis lost its counter (restart); move the counter past
                // the row's token so the next holders pass again.
                logger.LogWarning("Stale fencing token {Fence} for event {EventId} (row has {RowFence})", fence, attempt.EventId, row.FenceToken);
                await database.StringIncrementAsync(FenceKey(attempt.EventId), row.FenceToken - fence + 1);
                return new BookOutcome.Busy();
            }

            return SeatTransaction.Refusal(row, attempt.Quantity) ?? new BookOutcome.Busy();
        }
    }

    private static RedisKey FenceKey(Guid eventId) => $"evently:booking:fence:{eventId}";
}
