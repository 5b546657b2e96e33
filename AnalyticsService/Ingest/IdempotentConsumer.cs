using Dapper;
using Evently.Messaging;
using MassTransit;
using Npgsql;

namespace Evently.AnalyticsService.Ingest;

/// <summary>
/// Applies a batch of messages and records their ids in the inbox in one transaction: a redelivery finds its id and
/// changes nothing, a crash before commit leaves neither, so every message counts exactly once. A batch per commit is
/// what lets analytics keep up with an on-sale (see <c>AddBatchConsumer</c>).
/// </summary>
public abstract class IdempotentConsumer<T>(NpgsqlDataSource dataSource, ILogger logger) : IConsumer<Batch<T>> where T : class
{
    // All analytics consumers write through one lock: batches of different message types touch the same rows
    // (bookings, inventory) in different orders, and a single writer at a time cannot deadlock.
    private const long WriterLockKey = 0x414E_414C_5954; // "ANALYT"

    protected abstract string Name { get; }

    /// <summary>Applies the messages of a batch this consumer has not seen before, in arrival order.</summary>
    protected abstract Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<T> messages, CancellationToken ct);

    public async Task Consume(ConsumeContext<Batch<T>> context)
    {
        var ct = context.CancellationToken;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)", new { key = WriterLockKey }, tx, cancellationToken: ct));
        var unseen = await Inbox.RecordUnseenAsync(connection, tx, Name, context.Message.ToList(), MessageId, ct);
        if (unseen.Count > 0)
        {
            await ApplyAsync(connection, tx, unseen.Select(m => m.Message).ToList(), ct);
        }

        await tx.CommitAsync(ct);
        // One line per batch (not per message): in the dashboard it carries the trace of the batch's first message.
        logger.LogInformation("{Consumer} applied {Applied} new of {Received} messages", Name, unseen.Count, context.Message.Length);
    }

    private static Guid MessageId(ConsumeContext<T> message) =>
        message.MessageId ?? throw new InvalidOperationException($"{typeof(T).Name} without a message id.");
}
