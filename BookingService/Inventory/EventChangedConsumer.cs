using Evently.BookingService.Sharding;
using Evently.Contracts;
using Evently.Messaging;
using MassTransit;

namespace Evently.BookingService.Inventory;

/// <summary>Keeps the event's inventory on its shard in step with the events service; idempotent through the inbox.</summary>
public sealed class EventChangedConsumer(ShardMap shards) : IConsumer<EventChanged>
{
    public async Task Consume(ConsumeContext<EventChanged> context)
    {
        var message = context.Message;
        var messageId = context.MessageId ?? throw new InvalidOperationException("EventChanged without a message id.");
        var shard = shards.ForEvent(message.EventId);
        await using var connection = await shard.DataSource.OpenConnectionAsync(context.CancellationToken);
        await using var tx = await connection.BeginTransactionAsync(context.CancellationToken);
        if (!await Inbox.TryRecordAsync(connection, tx, nameof(EventChangedConsumer), messageId, context.CancellationToken))
        {
            return;
        }

        await InventorySnapshots.ApplyAsync(connection, tx,
            new EventSnapshot(message.EventId, message.TotalCapacity, message.Price, message.Currency, message.Status, message.Version,
                message.HoldMinutes),
            context.CancellationToken);
        await tx.CommitAsync(context.CancellationToken);
    }
}
