namespace Evently.BookingService.LiveSeats;

/// <summary><c>LiveSeats:*</c>: publishing each event's committed seat count to Redis for the events service's reads.</summary>
public sealed class LiveSeatsOptions
{
    public const string SectionName = "LiveSeats";

    /// <summary>Off: nothing is published, and readers show the count the seat messages brought.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How far back a (re)connect republishes changed rows, covering whatever happened while not listening.</summary>
    public int ResyncMinutes { get; set; } = 10;

    /// <summary>A published count expires after this long without a change; readers then show the database count.</summary>
    public int TtlSeconds { get; set; } = 86_400;

    /// <summary>
    /// The least time between two rounds of writes to Redis (0–1,000 ms): what a reader's count may lag for the sake of
    /// writing each busy event's newest count once per round instead of once per commit.
    /// </summary>
    public int RoundIntervalMs { get; set; } = 25;
}
