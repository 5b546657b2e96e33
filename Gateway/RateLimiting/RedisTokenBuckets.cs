using StackExchange.Redis;

namespace Evently.Gateway.RateLimiting;

/// <summary>
/// Token buckets shared by every gateway, kept in Redis as GCRA (one key per bucket holding its "theoretical arrival
/// time"): one Lua script call per request, atomic, on Redis' own clock so gateways' clocks need not agree. A bucket
/// of <c>TokenLimit</c> refilled by <c>TokensPerPeriod</c> every <c>PeriodSeconds</c> admits the same bursts and rate,
/// refilled smoothly instead of in steps.
/// </summary>
public sealed partial class RedisTokenBuckets(IConnectionMultiplexer redis, RateLimitingOptions options, ILogger<RedisTokenBuckets> logger)
{
    public const string KeyPrefix = "evently:ratelimit:";

    // Returns 0 when a token was taken, else the microseconds until the next one is due.
    private const string TakeScript =
        """
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
        local interval = tonumber(ARGV[1])
        local tolerance = tonumber(ARGV[2])
        local stored = redis.call('GET', KEYS[1])
        local tat = stored and tonumber(stored) or now
        if tat < now then tat = now end
        local wait = tat - now - tolerance
        if wait > 0 then return wait end
        tat = tat + interval
        redis.call('SET', KEYS[1], string.format('%d', tat), 'PX', math.ceil((tat - now) / 1000) + 1)
        return 0
        """;

    private readonly TimeSpan _timeout = TimeSpan.FromMilliseconds(Math.Max(10, options.RedisTimeoutMs));
    private int _degraded;

    /// <summary>False while Redis is unreachable: callers fall back to their per-process bucket at once.</summary>
    public bool Available => redis.IsConnected;

    /// <returns>Zero when a token was taken, the wait until the next one otherwise; null when Redis did not answer.</returns>
    public async ValueTask<TimeSpan?> TryTakeAsync(string partition, TokenBucketSettings bucket)
    {
        var interval = Math.Max(1, (long)(Math.Max(0.05, bucket.PeriodSeconds) * 1_000_000 / Math.Max(1, bucket.TokensPerPeriod)));
        var tolerance = interval * (Math.Max(1, bucket.TokenLimit) - 1);
        try
        {
            var result = await redis.GetDatabase()
                .ScriptEvaluateAsync(TakeScript, [(RedisKey)(KeyPrefix + partition)], [interval, tolerance])
                .WaitAsync(_timeout);
            Recovered();
            var waitMicros = (long)result;
            return waitMicros <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks(waitMicros * (TimeSpan.TicksPerMillisecond / 1000));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            Degraded(ex);
            return null;
        }
    }

    /// <summary>Logs the switch to per-process limits once, not once per request.</summary>
    public void Degraded(Exception? ex = null)
    {
        if (Interlocked.Exchange(ref _degraded, 1) == 0)
        {
            LogDegraded(logger, ex);
        }
    }

    private void Recovered()
    {
        if (Volatile.Read(ref _degraded) == 1 && Interlocked.Exchange(ref _degraded, 0) == 1)
        {
            LogRecovered(logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unreachable: rate limits are counted per gateway until it is back")]
    private static partial void LogDegraded(ILogger logger, Exception? ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis is back: rate limits are shared by every gateway again")]
    private static partial void LogRecovered(ILogger logger);
}
