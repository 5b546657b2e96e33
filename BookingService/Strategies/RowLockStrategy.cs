using Dapper;
using Evently.BookingService.Sharding;

namespace Evently.BookingService.Strategies;

/// <summary><c>row-lock</c>: SELECT … FOR UPDATE holds the event's row while the request checks and takes seats.</summary>
public sealed class RowLockStrategy(DatabaseWorkers workers) : IBookingStrategy
{
    private const string TakeSeatsSql =
        $"""
        UPDATE event_inventory
        SET available_seats = available_seats - @Quantity, version = version + 1, updated_at = now()
        WHERE event_id = @EventId
        {SeatTransaction.Returning}
        """;

    public string Name => StrategyNames.RowLock;

    public Task<BookOutcome> TryBookAsync(Shard shard, BookingAttempt attempt, CancellationToken ct) =>
        workers.RunAsync(() => TryBook(shard, attempt));

    private static BookOutcome TryBook(Shard shard, BookingAttempt attempt)
    {
        using var connection = shard.DataSource.OpenConnection();
        using var tx = connection.BeginTransaction();
        var row = SeatTransaction.Read(connection, tx, attempt.EventId, forUpdate: true);
        if (SeatTransaction.Refusal(row, attempt.Quantity) is { } refusal)
        {
            tx.Rollback();
            return refusal;
        }

        var seats = connection.QuerySingle<SeatTransaction.SeatsTaken>(TakeSeatsSql, new { attempt.EventId, attempt.Quantity }, tx);
        return SeatTransaction.CommitBooking(connection, tx, attempt, seats);
    }
}
