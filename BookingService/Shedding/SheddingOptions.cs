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
    /// Unset = the strategy's default for bookings (<see cref="Defaults"/>), <see cref="HoldTargetQueueWaitMs"/> for holds;
    /// 0 = no such bound (the static ones alone, and a waiter leaves at <see cref="MaxQueueWaitMs"/>).
    /// </summary>
    public int? TargetQueueWaitMs { get; set; }

    /// <summary>The target wait of holds and hold confirms when <see cref="TargetQueueWaitMs"/> is unset.</summary>
    public const int HoldTargetQueueWaitMs = 1000;

    /// <summary>Holds and hold confirms running at once per shard (each is one row-locked transaction).</summary>
    public int HoldMaxInFlight { get; set; } = 32;

    /// <summary>Holds and hold confirms waiting for a turn per shard.</summary>
    public int HoldMaxQueue { get; set; } = 320;

    /// <summary>
    /// Per strategy, sized so that a full queue drains in about a second at the rate a hot event sustains on a
    /// 2-core machine (queue ≈ throughput × 1 s) and enough run at once to keep that rate: group commit takes
    /// hundreds of bookings per transaction. The lock-bound strategies drain a hot row at tens of bookings a second
    /// under a 10,000-buyer rush, so every extra runner is time added to each booking (runners × time per booking):
    /// row-lock and redis-lock run 8 at once, optimistic 2 (each extra racer is a lost compare-and-swap for the others),
    /// and their line holds half a second, so that an accepted booking is answered within two seconds even then.
    /// </summary>
    public static StrategyBounds Defaults(string strategy) => strategy switch
    {
        StrategyNames.Atomic => new(1024, 2048, 1000),
        StrategyNames.RowLock => new(8, 320, 500),
        StrategyNames.Optimistic => new(2, 160, 500),
        StrategyNames.RedisLock => new(8, 128, 500),
        _ => new(8, 320, 500),
    };
}

/// <summary>A strategy's default bounds for bookings on one shard.</summary>
public sealed record StrategyBounds(int MaxInFlight, int MaxQueue, int TargetQueueWaitMs);
