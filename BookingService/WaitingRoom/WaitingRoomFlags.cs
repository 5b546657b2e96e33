using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace Evently.BookingService.WaitingRoom;

/// <summary>
/// Whether an event's waiting room is on, as the booking path asks it: read from the shard at most once per
/// <see cref="WaitingRoomOptions.FlagCacheMs"/> per replica (concurrent misses share one read), kept in this process
/// only, so a toggle reaches every replica within that time.
/// </summary>
public sealed class WaitingRoomFlags(HybridCache cache, WaitingRoomStore store, IOptions<WaitingRoomOptions> options)
{
    private readonly HybridCacheEntryOptions _entry = new()
    {
        Expiration = TimeSpan.FromMilliseconds(Math.Max(1, options.Value.FlagCacheMs)),
        LocalCacheExpiration = TimeSpan.FromMilliseconds(Math.Max(1, options.Value.FlagCacheMs)),
        Flags = HybridCacheEntryFlags.DisableDistributedCache,
    };

    public ValueTask<bool> IsEnabledAsync(Guid eventId, CancellationToken ct) =>
        cache.GetOrCreateAsync($"waiting-room:{eventId:N}", (store, eventId),
            static (s, c) => new ValueTask<bool>(s.store.IsEnabledAsync(s.eventId, c)), _entry, cancellationToken: ct);
}
