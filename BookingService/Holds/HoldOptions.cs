namespace Evently.BookingService.Holds;

/// <summary><c>Holds:*</c> settings for checkout holds.</summary>
public sealed class HoldOptions
{
    public const string SectionName = "Holds";

    /// <summary>Active holds one user may have on one event at a time.</summary>
    public int MaxActivePerUser { get; set; } = 2;

    /// <summary>How often ended holds are looked for; a hold's seats return at most this long after it ends.</summary>
    public int SweepIntervalMs { get; set; } = 1000;

    /// <summary>Most events one sweep of a shard releases before looking again.</summary>
    public int SweepBatch { get; set; } = 100;
}
