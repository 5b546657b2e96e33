using Dapper;
using Evently.BookingService.Sharding;
using Evently.BookingService.Strategies;
using Evently.Contracts;
using Microsoft.Extensions.Options;

namespace Evently.BookingService.Holds;

/// <summary>
/// Releases holds that ran out unconfirmed: per event, one transaction under the inventory row lock moves every
/// such hold from 'active' to 'expired' and hands their seats to <see cref="HoldRelease"/> (waitlist first). The
/// state change is the guard, so a hold expires exactly once however many replicas sweep, and a crash before the
/// commit leaves it active for the next sweep.
/// </summary>
public sealed partial class ExpiredHoldSweep(ShardMap shards, HoldRelease release, IOptions<HoldOptions> options,
    ILogger<ExpiredHoldSweep> logger) : EveryShardLoop(shards, logger)
{
    private const string DueSql =
        "SELECT DISTINCT event_id FROM holds WHERE status = 'active' AND expires_at <= now() LIMIT @limit";

    private const string ExpireSql =
        $"""
        UPDATE holds SET status = 'expired', ended_at = now()
        WHERE event_id = @eventId AND status = 'active' AND expires_at <= now()
        RETURNING {HoldRecord.Columns}
        """;

    protected override TimeSpan Interval => TimeSpan.FromMilliseconds(Math.Max(50, options.Value.SweepIntervalMs));

    protected override string Job => "Checkout hold sweep";

    public override async Task RunAsync(Shard shard, CancellationToken ct)
    {
        await using var connection = await shard.DataSource.OpenConnectionAsync(ct);
        var due = (await connection.QueryAsync<Guid>(new CommandDefinition(DueSql, new { limit = options.Value.SweepBatch },
            cancellationToken: ct))).ToList();
        foreach (var eventId in due)
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            var row = await SeatTransaction.ReadAsync(connection, tx, eventId, forUpdate: true, ct);
            var expired = (await connection.QueryAsync<HoldRecord>(new CommandDefinition(ExpireSql, new { eventId }, tx,
                cancellationToken: ct))).ToList();
            if (row is null || expired.Count == 0)
            {
                await tx.RollbackAsync(ct); // another replica (or a confirm) got there first
                continue;
            }

            await release.ReleaseAsync(connection, tx, shard, row, expired, ReleaseReasons.HoldExpired, ct);
            await tx.CommitAsync(ct);
            LogExpired(Logger, expired.Count, expired.Sum(h => h.Quantity), eventId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Holds} checkout holds ({Seats} seats) of event {EventId} expired")]
    private static partial void LogExpired(ILogger logger, int holds, int seats, Guid eventId);
}
