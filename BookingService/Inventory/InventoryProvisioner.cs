using System.Collections.Concurrent;
using Evently.BookingService.Sharding;

namespace Evently.BookingService.Inventory;

/// <summary>
/// Creates the inventory of an event the shard has not heard of yet (its EventChanged may still be on its way) by
/// asking the events service once; concurrent first bookings of the same event share that one call.
/// </summary>
public sealed class InventoryProvisioner(EventsClient events, ILogger<InventoryProvisioner> logger)
{
    public enum Result { Created, NotFound, EventsUnavailable }

    private readonly ConcurrentDictionary<Guid, Lazy<Task<Result>>> _inFlight = new();

    public async Task<Result> EnsureAsync(Shard shard, Guid eventId, CancellationToken ct)
    {
        var lazy = _inFlight.GetOrAdd(eventId, id => new Lazy<Task<Result>>(() => FetchAndStoreAsync(shard, id)));
        try
        {
            return await lazy.Value.WaitAsync(ct);
        }
        finally
        {
            _inFlight.TryRemove(KeyValuePair.Create(eventId, lazy));
        }
    }

    private async Task<Result> FetchAndStoreAsync(Shard shard, Guid eventId)
    {
        EventSnapshot? snapshot;
        try
        {
            snapshot = await events.GetAsync(eventId, CancellationToken.None);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutException or Polly.ExecutionRejectedException)
        {
            logger.LogWarning(ex, "Events service unavailable while fetching event {EventId}", eventId);
            return Result.EventsUnavailable;
        }

        if (snapshot is null)
        {
            return Result.NotFound;
        }

        await using var connection = await shard.DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await InventorySnapshots.ApplyAsync(connection, tx, snapshot, CancellationToken.None);
        await tx.CommitAsync();
        logger.LogInformation("Inventory of event {EventId} created on {Shard} from the events service", eventId, shard.Name);
        return Result.Created;
    }
}
