using Dapper;
using Evently.BookingService.Sharding;

namespace Evently.BookingService.Strategies;

/// <summary>
/// <c>atomic</c>, one request per transaction: a single conditional UPDATE takes the seats only if they are there
/// (the row lock lasts one statement), then the booking and its message are inserted. The group-commit batcher
/// runs the same idea for many requests at once; this class serves what it does not batch (Idempotency-Key
/// requests, or everything when group commit is off).
/// </summary>
public sealed class AtomicStrategy(DatabaseWorkers workers) : IBookingStrategy
{
    private const string TakeSeatsSql =
        $"""
        UPDATE event_inventory
        SET available_seats = available_seats - @Quantity, version = version + 1, updated_at = now()
        WHERE event_id = @EventId AND status = 'scheduled' AND available_seats >= @Quantity
        {SeatTransaction.Returning}
        """;

    public string Name => StrategyNames.Atomic;

    public Task<BookOutcome> TryBookAsync(Shard shard, BookingAttempt attempt, CancellationToken ct) =>
        workers.RunAsync(() => TryBook(shard, attempt));

    private static BookOutcome TryBook(Shard shard, BookingAttempt attempt)
    {
        using var connection = shard.DataSource.OpenConnection();
        // A refusal is re-checked: seats may have come back between the failed UPDATE and the read that explains it.
        for (var round = 0; ; round++)
        {
            using var tx = connection.BeginTransaction();
            var seats = connection.QuerySingleOrDefault<SeatTransaction.SeatsTaken>(TakeSeatsSql, new { attempt.EventId, attempt.Quantity }, tx);
            if (seats is not null)
            {
                return SeatTransaction.CommitBooking(connection, tx, attempt, seats);
            }

            tx.Rollback();
            var refusal = SeatTransaction.Refusal(SeatTransaction.Read(connection, null, attempt.EventId, forUpdate: false), attempt.Quantity);
            if (refusal is not null || round >= 3)
            {
                return refusal ?? new BookOutcome.Busy();
            }
        }
    }
}
