namespace Evently.Gateway.RateLimiting;

/// <summary>
/// The <c>RateLimiting</c> section: token buckets per user (token <c>sub</c>), per client IP for anonymous calls,
/// and a stricter one per IP on login/register. <c>RateLimiting:Enabled=false</c> switches all of them off. With Redis
/// configured the buckets are shared by every gateway (<see cref="RedisTokenBuckets"/>), else they are per process.
/// </summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    public bool Enabled { get; set; } = true;
    public TokenBucketSettings User { get; set; } = new() { TokenLimit = 100, TokensPerPeriod = 50, PeriodSeconds = 1 };
    public TokenBucketSettings Anonymous { get; set; } = new() { TokenLimit = 200, TokensPerPeriod = 100, PeriodSeconds = 1 };
    public TokenBucketSettings Login { get; set; } = new() { TokenLimit = 20, TokensPerPeriod = 10, PeriodSeconds = 60 };

    /// <summary>
    /// Longest wait for the shared bucket's answer; past it the request is decided by this gateway's own bucket
    /// (a slow Redis must not slow every request down).
    /// </summary>
    public int RedisTimeoutMs { get; set; } = 500;
}

/// <summary>A bucket of <see cref="TokenLimit"/> requests, refilled by <see cref="TokensPerPeriod"/> every <see cref="PeriodSeconds"/>.</summary>
public sealed class TokenBucketSettings
{
    public int TokenLimit { get; set; }
    public int TokensPerPeriod { get; set; }
    public double PeriodSeconds { get; set; } = 1;

    public System.Threading.RateLimiting.TokenBucketRateLimiterOptions ToLimiterOptions() => new()
    {
        TokenLimit = Math.Max(1, TokenLimit),
        TokensPerPeriod = Math.Max(1, TokensPerPeriod),
        ReplenishmentPeriod = TimeSpan.FromSeconds(Math.Max(0.05, PeriodSeconds)),
        // Reject at once: queueing would only hold sockets open for a caller who is over the limit.
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
