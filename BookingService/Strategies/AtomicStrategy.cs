using Dapper;
using Evently.BookingService.Sharding;

namespace Evently.BookingService.Strategies;

/// <summary>
/// <c>atomic</c>, one request per transaction: a single conditional UPDATE takes the seats only if they are there
/// (the row lock lasts one statement), then the booking and its message are inserted. The group-commit batcher
/// runs the same idea for many requests at once; this class serves what it does not batch (Idempotency-Key
/// requests, or everything when group commit is off).
/// </summary>
public sealed class AtomicStrategy : IBookingStrategy
{
    private const string TakeSeatsSql =
        $"""
        UPDATE event_inventory
        SET available_seats = available_seats - @Quantity, version = version + 1, updated_at = now()
        WHERE event_id = @EventId AND status = 'scheduled' AND available_seats >= @Quantity
        {SeatTransaction.Returning}
        """;

    public string Name => StrategyNames.Atomic;

    public async Task<BookOutcome> TryBookAsync(Shard shard, BookingAttempt attempt, CancellationToken ct)
    {
        await using var connection = await shard.DataSource.OpenConnectionAsync(ct);
        // A refusal is re-checked: seats may have come back between the failed UPDATE and the read that explains it.
        for (var round = 0; ; round++)
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            var seats = await connection.QuerySingleOrDefaultAsync<SeatTransaction.SeatsTaken>(new CommandDefinition(
                TakeSeatsSql, new { attempt.EventId, attempt.Quantity }, tx, cancellationToken: ct));
            if (seats is not null)
            {
                return await SeatTransaction.CommitBookingAsync(connection, tx, attempt, seats, ct);
            }

            await tx.RollbackAsync(ct);
            var row = await SeatTransaction.ReadAsync(connection, null, attempt.EventId, forUpdate: false, ct);
            if (SeatTransaction.Refusal(row, attempt.Quantity) is { } refusal || round >= 3)
            {
                return SeatTransaction.Refusal(row, attempt.Quantity) ?? new BookOutcome.Busy();
            }
        }
    }
}
