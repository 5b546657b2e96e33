using Dapper;
using Evently.BookingService.Sharding;
using Microsoft.Extensions.Options;

namespace Evently.BookingService.Strategies;

/// <summary>
/// <c>optimistic</c>: read without locking, then compare-and-swap on the version column; a lost race re-reads and
/// retries after a short random back-off, a bounded number of times, then answers "busy".
/// </summary>
public sealed class OptimisticStrategy(IOptions<BookingOptions> options) : IBookingStrategy
{
    private const string SwapSql =
        $"""
        UPDATE event_inventory
        SET available_seats = available_seats - @Quantity, version = version + 1, updated_at = now()
        WHERE event_id = @EventId AND version = @Version AND status = 'scheduled'
        {SeatTransaction.Returning}
        """;

    public string Name => StrategyNames.Optimistic;

    public async Task<BookOutcome> TryBookAsync(Shard shard, BookingAttempt attempt, CancellationToken ct)
    {
        var maxAttempts = Math.Max(1, options.Value.OptimisticMaxAttempts);
        await using var connection = await shard.DataSource.OpenConnectionAsync(ct);
        for (var tryNo = 1; tryNo <= maxAttempts; tryNo++)
        {
            var row = await SeatTransaction.ReadAsync(connection, null, attempt.EventId, forUpdate: false, ct);
            if (SeatTransaction.Refusal(row, attempt.Quantity) is { } refusal)
            {
                return refusal;
            }

            await using var tx = await connection.BeginTransactionAsync(ct);
            var seats = await connection.QuerySingleOrDefaultAsync<SeatTransaction.SeatsTaken>(new CommandDefinition(
                SwapSql, new { attempt.EventId, attempt.Quantity, row!.Version }, tx, cancellationToken: ct));
            if (seats is not null)
            {
                return await SeatTransaction.CommitBookingAsync(connection, tx, attempt, seats, ct);
            }

            await tx.RollbackAsync(ct);
            // Spread the losers out so the next round is not the same stampede.
            var ceilingMs = Math.Min(options.Value.OptimisticMaxBackoffMs, 1 << Math.Min(tryNo, 5));
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceilingMs), ct);
        }

        return new BookOutcome.Busy();
    }
}
