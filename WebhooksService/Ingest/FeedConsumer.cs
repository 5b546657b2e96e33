using System.Diagnostics;
using Evently.Messaging;
using MassTransit;
using Npgsql;

namespace Evently.WebhooksService.Ingest;

/// <summary>
/// Turns a batch of messages into delivery rows, one per subscribed enabled endpoint, and records the messages in the
/// inbox, all in one transaction: a message redelivered by the broker finds its inbox row and adds nothing, a crash
/// before commit leaves neither, so every confirmed booking reaches the queue exactly once. Sending happens later,
/// from the queue (<see cref="Deliveries.DeliveryDispatcher"/>), so a slow receiver never holds a consumer.
/// </summary>
public abstract class FeedConsumer<T>(NpgsqlDataSource dataSource, ILogger logger) : IConsumer<Batch<T>> where T : class
{
    protected abstract string Name { get; }

    /// <summary>
    /// The webhook events a message stands for: usually one, none when it is not one (e.g. a release for another
    /// reason), one per booking for a commit's BookingsConfirmed.
    /// </summary>
    protected abstract IEnumerable<FeedEvent> ToEvents(ConsumeContext<T> message);

    /// <summary>A last filter inside the transaction (event.cancelled keeps only the first cancellation per event).</summary>
    protected virtual Task<IReadOnlyList<FeedEvent>> KeepAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        IReadOnlyList<(ConsumeContext<T> Context, FeedEvent Event)> events, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<FeedEvent>>(events.Select(e => e.Event).ToList());

    public async Task Consume(ConsumeContext<Batch<T>> context)
    {
        var ct = context.CancellationToken;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var unseen = await Inbox.RecordUnseenAsync(connection, tx, Name, context.Message.ToList(), MessageId, ct);
        var events = unseen.SelectMany(m => ToEvents(m).Select(e => (Context: m, Event: e))).ToList();
        var queued = 0;
        if (events.Count > 0)
        {
            queued = await DeliveryQueue.EnqueueAsync(connection, tx, await KeepAsync(connection, tx, events, ct), ct);
        }

        await tx.CommitAsync(ct);
        logger.LogInformation("{Consumer} queued {Deliveries} deliveries for {Applied} new of {Received} messages",
            Name, queued, unseen.Count, context.Message.Length);
    }

    /// <summary>The message's own trace (each message of a batch may come from a different request).</summary>
    protected static string? TraceParentOf(ConsumeContext<T> message) =>
        message.Headers.Get<string>("traceparent") ?? message.Headers.Get<string>("Diagnostic-Id") ?? Activity.Current?.Id;

    protected static Guid MessageId(ConsumeContext<T> message) =>
        message.MessageId ?? throw new InvalidOperationException($"{typeof(T).Name} without a message id.");
}
