using System.Collections.Concurrent;
using System.Diagnostics;
using Evently.BookingService.Sharding;
using Evently.BookingService.Telemetry;
using Microsoft.Extensions.Options;

namespace Evently.BookingService.Strategies;

/// <summary>
/// The default <c>atomic</c> strategy on a hot event: concurrent requests for the same event queue up in that event's
/// <see cref="EventBatcher"/>, whose single writer takes everything waiting and commits it as one transaction (group
/// commit). One hot row then costs one lock, one UPDATE and one commit per batch instead of per booking, so throughput
/// grows with load instead of collapsing into lock waits. Requests with an Idempotency-Key go one by one (their
/// unique constraint must be able to fail alone).
/// </summary>
public sealed class GroupCommitStrategy(AtomicStrategy single, IOptions<BookingOptions> options, BookingMetrics metrics,
    ILogger<EventBatcher> logger) : IBookingStrategy
{
    private readonly ConcurrentDictionary<Guid, EventBatcher> _batchers = new();

    public string Name => StrategyNames.Atomic;

    public Task<BookOutcome> TryBookAsync(Shard shard, BookingAttempt attempt, CancellationToken ct)
    {
        // Each batcher owns a thread while its event is busy; past the cap, further events book one by one.
        // (Count takes every lock of the dictionary: asked only for an event without a batcher.)
        if (attempt.IdempotencyKey is not null || !options.Value.GroupCommit
            || (!_batchers.ContainsKey(attempt.EventId) && _batchers.Count >= options.Value.GroupCommitMaxEvents))
        {
            return single.TryBookAsync(shard, attempt, ct);
        }

        var pending = new PendingBooking(attempt, Activity.Current?.Context);
        // A batcher that just retired refuses new work; the next GetOrAdd then makes a fresh one.
        while (!_batchers.GetOrAdd(attempt.EventId, id => new EventBatcher(id, shard, options.Value.GroupCommitMaxBatch, Retire, metrics, logger))
                   .TryEnqueue(pending))
        {
        }

        // Not cancelled with the request: once queued the booking may commit, like any request whose answer is lost.
        return pending.Completion.Task;
    }

    private void Retire(EventBatcher batcher) => _batchers.TryRemove(KeyValuePair.Create(batcher.EventId, batcher));
}
