using Dapper;
using Evently.BookingService.Sharding;
using Evently.BookingService.Strategies;
using Evently.Contracts;

namespace Evently.BookingService.Holds;

/// <summary>
/// <c>DELETE /holds/{id}</c>: the owner lets the seats go before the hold ends (waitlist first, like any release).
/// Releasing a released hold changes nothing; a confirmed or expired one cannot be released.
/// </summary>
public sealed class ReleaseHold(ShardMap shards, HoldRelease release)
{
    private const string ClaimSql =
        $"""
        UPDATE holds SET status = 'released', ended_at = now()
        WHERE id = @holdId AND status = 'active' AND expires_at > now()
        RETURNING {HoldRecord.Columns}
        """;

    public async Task<HoldOutcome> ExecuteAsync(Guid holdId, Guid callerId, CancellationToken ct)
    {
        if (shards.ForBooking(holdId) is not { } shard)
        {
            return new HoldOutcome.NotFound();
        }

        await using var connection = await shard.DataSource.OpenConnectionAsync(ct);
        var hold = await HoldRows.ByIdAsync(connection, null, holdId, ct);
        if (hold is null || hold.UserId != callerId)
        {
            return new HoldOutcome.NotFound();
        }

        if (hold.Status != HoldRecord.Active)
        {
            return new HoldOutcome.Ended(hold);
        }

        await using var tx = await connection.BeginTransactionAsync(ct);
        var row = await SeatTransaction.ReadAsync(connection, tx, hold.EventId, forUpdate: true, ct);
        var claimed = await connection.QuerySingleOrDefaultAsync<HoldRecord>(new CommandDefinition(ClaimSql, new { holdId }, tx,
            cancellationToken: ct));
        if (claimed is null || row is null)
        {
            await tx.RollbackAsync(ct);
            return new HoldOutcome.Ended(await HoldRows.ByIdAsync(connection, null, holdId, ct) ?? hold);
        }

        await release.ReleaseAsync(connection, tx, shard, row, [claimed], ReleaseReasons.HoldCancelled, ct);
        await tx.CommitAsync(ct);
        return new HoldOutcome.Ended(claimed);
    }
}
