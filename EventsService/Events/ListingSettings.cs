namespace Evently.EventsService.Events;

/// <summary>
/// <c>Events:ExactTotalLimit</c> (default 5,000): a listing counts its matches exactly up to this many; past it the
/// total is the planner's estimate and the page says <c>total_estimated: true</c>. Counting 100,000 rows on every
/// cache miss cost most of a miss's time; a result the planner expects to be far bigger than this is not counted at all.
/// </summary>
public sealed record ListingSettings(int ExactTotalLimit)
{
    public static ListingSettings From(IConfiguration configuration) =>
        new(Math.Clamp(configuration.GetValue("Events:ExactTotalLimit", 5_000), 1, 10_000_000));
}
