using Evently.Data.LiveSeats;
using Evently.EventsService.Events;
using StackExchange.Redis;

namespace Evently.EventsService.LiveSeats;

/// <summary>
/// Puts the booking shards' live seat counts (published to Redis by the booking service as each change commits) on top
/// of an answer that may come from the cache: the cached page stays cached, only its counts are fresh. One GET per
/// detail, one MGET per listing page. Redis down, slow or without the event: the answer keeps the database's count
/// (which the seat messages keep up to date); a read never fails because of this.
/// </summary>
public sealed partial class LiveSeatsOverlay(IConnectionMultiplexer redis, LiveSeatsSettings settings, ILogger<LiveSeatsOverlay> logger)
{
    /// <summary>Response header set when at least one shown count came from the live overlay.</summary>
    public const string Header = "X-Seats-Live";

    /// <returns>The events with live counts, or the same list (same instance) when nothing changed; and whether any live count was found.</returns>
    public async Task<(IReadOnlyList<EventResponse> Events, bool Live)> ApplyAsync(IReadOnlyList<EventResponse> events, CancellationToken ct)
    {
        if (events.Count == 0 || !settings.Enabled || !redis.IsConnected)
        {
            return (events, false);
        }

        RedisValue[] values;
        try
        {
            var keys = events.Select(e => LiveSeatCount.Key(e.Id)).ToArray();
            values = await redis.GetDatabase().StringGetAsync(keys).WaitAsync(settings.Timeout, ct);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogReadFailed(logger, ex);
            return (events, false);
        }

        List<EventResponse>? changed = null;
        var live = false;
        for (var i = 0; i < events.Count; i++)
        {
            if (!LiveSeatCount.TryParse(values[i], out var count))
            {
                continue;
            }

            live = true;
            var shown = count.ShownAvailable(events[i].TotalCapacity);
            if (shown != events[i].AvailableSeats)
            {
                changed ??= [.. events];
                changed[i] = events[i] with { AvailableSeats = shown };
            }
        }

        return (changed ?? events, live);
    }

    public async Task<(EventResponse Event, bool Live)> ApplyAsync(EventResponse e, CancellationToken ct)
    {
        var (events, live) = await ApplyAsync([e], ct);
        return (events[0], live);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reading live seat counts failed; showing the database's")]
    private static partial void LogReadFailed(ILogger logger, Exception e);
}
