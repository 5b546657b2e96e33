using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Evently.Data.Caching;

/// <summary>
/// Cache invalidations announced over Redis pub/sub to every process that keeps a copy in its own memory (each events
/// replica's L1, each gateway's output cache). Local caches cannot see each other's removals, and HybridCache reads a
/// tag's invalidation time from Redis only once per process, so without this another replica keeps serving what one
/// replica just invalidated. Fire and forget: a lost announcement costs at most the copy's own lifetime, and while
/// Redis is down nothing is announced (listeners drop everything once they reconnect, see <see cref="CacheInvalidationListener"/>).
/// </summary>
public sealed partial class CacheInvalidationChannel(IConnectionMultiplexer redis, ILogger<CacheInvalidationChannel> logger)
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("evently:cache:invalidations");

    /// <summary>This process, so a listener can skip its own announcements (it applied them before publishing).</summary>
    public string Origin { get; } = Guid.NewGuid().ToString("N");

    /// <param name="readAfter">
    /// Opaque to the channel: what a reader must have seen before it refills what these tags cover (the events service
    /// sends the primary's WAL position of the write, so another replica does not refill from a standby behind it).
    /// </param>
    public void Publish(IReadOnlyCollection<string> tags, string? readAfter = null)
    {
        if (tags.Count == 0 || !redis.IsConnected)
        {
            return;
        }

        try
        {
            redis.GetSubscriber().Publish(Channel, Format(new CacheInvalidation(Origin, readAfter, [.. tags])), CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            LogPublishFailed(logger, ex);
        }
    }

    /// <summary>One line for the origin (and what to read after, space-separated), then one per tag (tags never contain a line break).</summary>
    public static string Format(CacheInvalidation invalidation) =>
        string.Join('\n', invalidation.Tags.Prepend(invalidation.ReadAfter is { } after ? $"{invalidation.Origin} {after}" : invalidation.Origin));

    public static CacheInvalidation Parse(string message)
    {
        var lines = message.Split('\n');
        var head = lines[0].Split(' ', 2);
        return new CacheInvalidation(head[0], head.Length > 1 ? head[1] : null, lines[1..]);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Announcing a cache invalidation on Redis failed; other instances' copies expire by themselves")]
    private static partial void LogPublishFailed(ILogger logger, Exception ex);
}

/// <summary>One announcement: who made it, what a reader must have seen first (if anything), and the tags.</summary>
public sealed record CacheInvalidation(string Origin, string? ReadAfter, IReadOnlyList<string> Tags);
