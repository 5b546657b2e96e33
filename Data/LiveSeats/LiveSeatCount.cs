using System.Globalization;
using StackExchange.Redis;

namespace Evently.Data.LiveSeats;

/// <summary>
/// An event's seat count as its booking shard last committed it, kept in Redis by the booking service and read by the
/// events service on top of its cached answers. One string per event, <c>version:capacity:available</c>, so a listing
/// page reads all of its events with one MGET.
/// </summary>
public readonly record struct LiveSeatCount(long Version, int TotalCapacity, int AvailableSeats)
{
    private const string Prefix = "evently:live-seats:";

    /// <summary>
    /// Sets the count only when its version is newer than the stored one: several booking replicas (and a resync after a
    /// reconnect) may publish the same event, in any order, and the newest must win. The key expires after ARGV[2]
    /// seconds of silence, so events nobody books leave nothing behind; the reader then shows the database count.
    /// </summary>
    public static readonly LuaScript SetIfNewerScript = LuaScript.Prepare(
        """
        local current = redis.call('GET', @key)
        if current then
            local version = tonumber(string.match(current, '^(%d+):'))
            if version and version >= tonumber(@version) then
                return 0
            end
        end
        redis.call('SET', @key, @value, 'EX', @ttl)
        return 1
        """);

    public static RedisKey Key(Guid eventId) => Prefix + eventId.ToString("N");

    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{Version}:{TotalCapacity}:{AvailableSeats}");

    public static bool TryParse(RedisValue value, out LiveSeatCount count)
    {
        count = default;
        if (value.IsNullOrEmpty)
        {
            return false;
        }

        var parts = ((string)value!).Split(':');
        if (parts.Length == 3
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var capacity)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var available))
        {
            count = new LiveSeatCount(version, capacity, available);
            return true;
        }

        return false;
    }

    /// <summary>
    /// The events service's rule (as for seat messages): seats sold come from the booking service, capacity is the
    /// events service's own (a capacity change may still be on its way to the shard), kept within 0..capacity.
    /// </summary>
    public int ShownAvailable(int eventsCapacity) =>
        Math.Clamp(eventsCapacity - (TotalCapacity - AvailableSeats), 0, eventsCapacity);
}
