namespace Evently.BookingService.WaitingRoom;

/// <summary><c>WaitingRoom:*</c> settings of the virtual waiting room.</summary>
public sealed class WaitingRoomOptions
{
    public const string SectionName = "WaitingRoom";

    /// <summary>How often each replica's admitter looks for queues to admit from (admission itself follows each event's rate).</summary>
    public int AdmitIntervalMs { get; set; } = 250;

    /// <summary>
    /// How long a replica trusts its copy of an event's on/off flag on the booking path: turning a waiting room on or off
    /// takes effect on every replica within this time.
    /// </summary>
    public int FlagCacheMs { get; set; } = 1000;

    /// <summary>Admissions that may build up while nobody waits, in seconds of the event's rate (at least one buyer).</summary>
    public double BurstSeconds { get; set; } = 1;

    /// <summary>Most buyers one admission round of one event lets in.</summary>
    public int MaxAdmitPerRound { get; set; } = 5000;

    /// <summary>Bounds of a poll hint (<c>poll_after_ms</c>, <c>Retry-After</c>): about half the expected wait, within these.</summary>
    public int MinPollMs { get; set; } = 1000;

    public int MaxPollMs { get; set; } = 15000;
}
