using Dapper;
using Evently.BookingService.Sharding;
using Evently.Contracts;
using Evently.Messaging;
using MassTransit;

namespace Evently.BookingService.Waitlist;

/// <summary>
/// Keeps the event shard's replica of waiting entries; a join also runs a promotion (seats free right now go to the
/// queue first). Joined and Left may arrive in either order: the first to arrive creates the row, a late Joined
/// leaves a left entry alone.
/// </summary>
public sealed class WaitlistJoinedConsumer(ShardMap shards, WaitlistPromotion promotion) : IConsumer<WaitlistJoined>
{
    public async Task Consume(ConsumeContext<WaitlistJoined> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        var shard = shards.ForEvent(m.EventId);
        await using var connection = await shard.DataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (!await Inbox.TryRecordAsync(connection, tx, nameof(WaitlistJoinedConsumer), context.MessageId!.Value, ct))
        {
            return;
        }

        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO waitlist_replica (entry_id, event_id, user_id, quantity, joined_at, status)
            VALUES (@EntryId, @EventId, @UserId, @Quantity, @OccurredAt, 'waiting')
            ON CONFLICT (entry_id) DO NOTHING
            """, m, tx, cancellationToken: ct));
        if (inserted == 1)
        {
            await promotion.OnJoinedAsync(connection, tx, shard, m.EventId, ct);
        }

        await tx.CommitAsync(ct);
    }
}

public sealed class WaitlistLeftConsumer(ShardMap shards) : IConsumer<WaitlistLeft>
{
    public async Task Consume(ConsumeContext<WaitlistLeft> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        await using var connection = await shards.ForEvent(m.EventId).DataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (!await Inbox.TryRecordAsync(connection, tx, nameof(WaitlistLeftConsumer), context.MessageId!.Value, ct))
        {
            return;
        }

        // Already promoted stays promoted: the booking exists (the waitlist service reports it as booked).
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO waitlist_replica (entry_id, event_id, user_id, quantity, joined_at, status)
            VALUES (@EntryId, @EventId, @UserId, @Quantity, @OccurredAt, 'left')
            ON CONFLICT (entry_id) DO UPDATE SET status = 'left' WHERE waitlist_replica.status = 'waiting'
            """, m, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }
}
