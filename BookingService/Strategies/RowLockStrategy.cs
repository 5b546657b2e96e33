using Dapper;
using Evently.BookingService.Sharding;

namespace Evently.BookingService.Strategies;

/// <summary><c>row-lock</c>: SELECT … FOR UPDATE holds the event's row while the request checks and takes seats.</summary>
public sealed class RowLockStrategy : IBookingStrategy
{
    private const string TakeSeatsSql =
        $"""
        UPDATE event_inventory
        SET available_seats = available_seats - @Quantity, version = version + 1, updated_at = now()
        WHERE event_id = @EventId
        {SeatTransaction.Returning}
        """;

    public string Name => StrategyNames.RowLock;

    public async Task<BookOutcome> TryBookAsync(Shard shard, BookingAttempt attempt, CancellationToken ct)
    {
        await using var connection = await shard.DataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var row = await SeatTransaction.ReadAsync(connection, tx, attempt.EventId, forUpdate: true, ct);
        if (SeatTransaction.Refusal(row, attempt.Quantity) is { } refusal)
        {
            await tx.RollbackAsync(ct);
            return refusal;
        }

        var seats = await connection.QuerySingleAsync<SeatTransaction.SeatsTaken>(new CommandDefinition(
            TakeSeatsSql, new { attempt.EventId, attempt.Quantity }, tx, cancellationToken: ct));
        return await SeatTransaction.CommitBookingAsync(connection, tx, attempt, seats, ct);
    }
}
