using System.Diagnostics;
using System.Threading.RateLimiting;

namespace Evently.Gateway.RateLimiting;

/// <summary>
/// One partition's bucket (a user, a client IP, a login IP), shared by every gateway through
/// <see cref="RedisTokenBuckets"/>. A refusal from Redis is remembered until its retry time, so a caller hammering
/// past the limit costs no further Redis calls (the shared bucket can only fill later, never sooner). While Redis is
/// unreachable the partition's own per-process bucket decides: limits hold per gateway rather than every request
/// being refused.
/// </summary>
public sealed class SharedTokenBucketLimiter(string partition, TokenBucketSettings bucket, RedisTokenBuckets shared) : RateLimiter
{
    private static readonly RateLimitLease Granted = new Lease(true, null);

    // Not a refusal: the synchronous path cannot ask Redis without blocking a thread, and ASP.NET Core's middleware
    // then asks AcquireAsync, which does.
    private static readonly RateLimitLease AskAsynchronously = new Lease(false, null);

    private readonly Lazy<TokenBucketRateLimiter> _local = new(() => new TokenBucketRateLimiter(bucket.ToLimiterOptions()));
    private long _refusedUntil;
    private long _lastUsed = Stopwatch.GetTimestamp();

    public override TimeSpan? IdleDuration =>
        _local is { IsValueCreated: true, Value.IdleDuration: null } ? null : Stopwatch.GetElapsedTime(Volatile.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => _local.IsValueCreated ? _local.Value.GetStatistics() : null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        Volatile.Write(ref _lastUsed, Stopwatch.GetTimestamp());
        if (permitCount == 0)
        {
            return Granted;
        }

        if (StillRefused() is { } refusal)
        {
            return refusal;
        }

        return shared.Available ? AskAsynchronously : _local.Value.AttemptAcquire(permitCount);
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _lastUsed, Stopwatch.GetTimestamp());
        if (permitCount == 0)
        {
            return Granted;
        }

        if (StillRefused() is { } refusal)
        {
            return refusal;
        }

        if (!shared.Available)
        {
            shared.Degraded();
            return _local.Value.AttemptAcquire(permitCount);
        }

        switch (await shared.TryTakeAsync(partition, bucket))
        {
            case null:
                return _local.Value.AttemptAcquire(permitCount);
            case { Ticks: 0 }:
                return Granted;
            case var wait:
                Volatile.Write(ref _refusedUntil, Stopwatch.GetTimestamp() + (long)(wait.Value.TotalSeconds * Stopwatch.Frequency));
                return new Lease(false, wait);
        }
    }

    private Lease? StillRefused()
    {
        var until = Volatile.Read(ref _refusedUntil);
        var now = Stopwatch.GetTimestamp();
        return until > now ? new Lease(false, TimeSpan.FromSeconds((until - now) / (double)Stopwatch.Frequency)) : null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _local.IsValueCreated)
        {
            _local.Value.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
