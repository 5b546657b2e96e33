using Dapper;
using Evently.Contracts;
using Evently.Messaging;
using Evently.WaitlistService.Entries;
using MassTransit;
using Npgsql;

namespace Evently.WaitlistService.Promotion;

/// <summary>A cancelled event ends its waitlist: every waiting entry turns <c>cancelled</c> and is announced as left.</summary>
public sealed class EventChangedConsumer(NpgsqlDataSource dataSource) : IConsumer<EventChanged>
{
    private const string Name = "waitlist.event-changed";

    public async Task Consume(ConsumeContext<EventChanged> context)
    {
        if (context.Message.Status != EventStatuses.Cancelled)
        {
            return;
        }

        var ct = context.CancellationToken;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (!await Inbox.TryRecordAsync(connection, tx, Name, context.MessageId!.Value, ct))
        {
            return;
        }

        var cancelled = (await connection.QueryAsync<WaitlistEntry>(new CommandDefinition(
            $"""
            UPDATE waitlist_entries SET status = 'cancelled', updated_at = now()
            WHERE event_id = @EventId AND status = 'waiting'
            RETURNING {WaitlistEntry.Columns}
            """, new { context.Message.EventId }, tx, cancellationToken: ct))).ToList();
        await Outbox.EnqueueAllAsync(connection, tx, cancelled.Select(e => new WaitlistLeft(e.Id, e.EventId, e.UserId, e.Quantity,
            new DateTimeOffset(DateTime.SpecifyKind(e.UpdatedAt, DateTimeKind.Utc)))).ToList(), ct);
        await tx.CommitAsync(ct);
    }
}
