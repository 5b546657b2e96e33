namespace Evently.BookingService.Waitlist;

/// <summary><c>Waitlist:*</c> settings of the promotion.</summary>
public sealed class WaitlistOptions
{
    public const string SectionName = "Waitlist";

    /// <summary>How long released seats wait for a waitlisted user they do not fit yet, before going back on sale.</summary>
    public int HoldSeconds { get; set; } = 300;

    /// <summary>How often the sweep looks for holds to return to sale.</summary>
    public int SweepIntervalMs { get; set; } = 1000;

    /// <summary>At most this many waiting entries are considered per promotion (the head of the queue).</summary>
    public int MaxEntriesPerPromotion { get; set; } = 500;
}
