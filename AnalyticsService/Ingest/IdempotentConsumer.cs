using Evently.ServiceDefaults.Messaging;
using MassTransit;
using Npgsql;

namespace Evently.AnalyticsService.Ingest;

/// <summary>
/// Applies a message and records its id in the inbox in one transaction: a redelivery finds the id and changes nothing,
/// a crash before commit leaves neither, so every message counts exactly once.
/// </summary>
public abstract class IdempotentConsumer<T>(NpgsqlDataSource dataSource) : IConsumer<T> where T : class
{
    protected abstract string Name { get; }

    protected abstract Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, T message, CancellationToken ct);

    public async Task Consume(ConsumeContext<T> context)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException($"{typeof(T).Name} without a message id.");
        var ct = context.CancellationToken;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await Inbox.TryRecordAsync(connection, tx, Name, messageId, ct))
        {
            await ApplyAsync(connection, tx, context.Message, ct);
        }

        await tx.CommitAsync(ct);
    }
}
