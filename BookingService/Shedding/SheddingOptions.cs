using Evently.BookingService.Strategies;

namespace Evently.BookingService.Shedding;

/// <summary>
/// <c>Booking:Shedding:*</c>: how much work each booking shard takes at once, per replica. Up to <c>MaxInFlight</c>
/// requests run; up to <c>MaxQueue</c> more wait their turn, first come first served, for at most
/// <c>MaxQueueWaitMs</c>; anything past that is refused at once with 503 + Retry-After and changes nothing.
/// </summary>
public sealed class SheddingOptions
{
    public const string SectionName = "Booking:Shedding";

    public bool Enabled { get; set; } = true;

    /// <summary>Bookings running at once per shard; unset = the strategy's default (<see cref="Defaults"/>).</summary>
    public int? MaxInFlight { get; set; }

    /// <summary>Bookings waiting for a turn per shard; unset = the strategy's default.</summary>
    public int? MaxQueue { get; set; }

    /// <summary>
    /// Longest a booking or hold ever waits for its turn before it is refused instead of run; a waiter is refused
    /// sooner, at twice <see cref="TargetQueueWaitMs"/>, when that is shorter.
    /// </summary>
    public int MaxQueueWaitMs { get; set; } = 5000;

    /// <summary>
    /// A newcomer joins the line only if the line ahead would drain within this at the shard's recent rate; else it is
    /// refused at once. Keeps accepted requests' latency near the target whatever rate the shard manages that day.
    /// </summary>
    public int TargetQueueWaitMs { get; set; } = 1000;

    /// <summary>Holds and hold confirms running at once per shard (each is one row-locked transaction).</summary>
    public int HoldMaxInFlight { get; set; } = 32;

    /// <summary>Holds and hold confirms waiting for a turn per shard.</summary>
    public int HoldMaxQueue { get; set; } = 320;

    /// <summary>
    /// Per strategy, sized so that a full queue drains in about a second at the rate a hot event sustains on a
    /// 2-core machine (queue ≈ throughput × 1 s) and enough run at once to keep that rate: group commit takes
    /// hundreds of bookings per transaction; row-lock ~400/s on a hot row; optimistic loses more races the more
    /// run at once; redis-lock's runners wait at most <c>LockWaitMs</c> for the lock.
    /// </summary>
    public static (int MaxInFlight, int MaxQueue) Defaults(string strategy) => strategy switch
    {
        StrategyNames.Atomic => (1024, 2048),
        StrategyNames.RowLock => (32, 320),
        StrategyNames.Optimistic => (8, 160),
        StrategyNames.RedisLock => (32, 128),
        _ => (32, 320),
    };
}
