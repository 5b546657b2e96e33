namespace Evently.BookingService.Strategies;

/// <summary><c>Booking:*</c> settings.</summary>
public sealed class BookingOptions
{
    public const string SectionName = "Booking";

    /// <summary>atomic (default) | row-lock | optimistic | redis-lock.</summary>
    public string Strategy { get; set; } = StrategyNames.Atomic;

    /// <summary>With <c>atomic</c>, coalesce concurrent requests for one event into one transaction.</summary>
    public bool GroupCommit { get; set; } = true;

    /// <summary>Most requests one group commit takes at once.</summary>
    public int GroupCommitMaxBatch { get; set; } = 512;

    /// <summary>Most events with a group-commit writer at once (each has a thread while busy).</summary>
    public int GroupCommitMaxEvents { get; set; } = 64;

    /// <summary>Threads running the per-request strategies' transactions (see DatabaseWorkers).</summary>
    public int DatabaseWorkers { get; set; } = 32;

    /// <summary>Optional cap on seats per booking; 0 = no cap.</summary>
    public int MaxSeatsPerBooking { get; set; }

    public int OptimisticMaxAttempts { get; set; } = 200;

    public int OptimisticMaxBackoffMs { get; set; } = 20;

    /// <summary>How long redis-lock waits for an event's lock before answering "busy".</summary>
    public int LockWaitMs { get; set; } = 200;

    /// <summary>How long a redis-lock lease lives if its holder dies.</summary>
    public int LockLeaseMs { get; set; } = 5000;
}
