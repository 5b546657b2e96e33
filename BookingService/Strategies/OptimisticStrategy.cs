using Dapper;
using Evently.BookingService.Sharding;
using Microsoft.Extensions.Options;

namespace Evently.BookingService.Strategies;

/// <summary>
/// <c>optimistic</c>: read without locking, then compare-and-swap on the version column; a lost race re-reads and
/// retries after a short random back-off, a bounded number of times, then answers "busy".
/// </summary>
public sealed class OptimisticStrategy(DatabaseWorkers workers, IOptions<BookingOptions> options) : IBookingStrategy
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
        for (var tryNo = 1; tryNo <= maxAttempts; tryNo++)
        {
            var outcome = await workers.RunAsync(() => TrySwap(shard, attempt));
            if (outcome is not null)
            {
                return outcome;
            }

            // Lost the race: back off (off the worker threads) so the next round is not the same stampede.
            var ceilingMs = Math.Min(options.Value.OptimisticMaxBackoffMs, 1 << Math.Min(tryNo, 5));
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceilingMs), ct);
        }

        return new BookOutcome.Busy();
    }

    /// <returns>The outcome, or null when another booking changed the row first.</returns>
    private static BookOutcome? TrySwap(Shard shard, BookingAttempt attempt)
    {
        using var connection = shard.DataSource.OpenConnection();
        var row = SeatTransaction.Read(connection, null, attempt.EventId, forUpdate: false);
        if (SeatTransaction.Refusal(row, attempt.Quantity) is { } refusal)
        {
            return refusal;
        }

        using var tx = connection.BeginTransaction();
        var seats = connection.QuerySingleOrDefault<SeatTransaction.SeatsTaken>(SwapSql, new { attempt.EventId, attempt.Quantity, row!.Version }, tx);
        if (seats is null)
        {
            tx.Rollback();
            return null;
        }

        return SeatTransaction.CommitBooking(connection, tx, attempt, seats);
    }
}
