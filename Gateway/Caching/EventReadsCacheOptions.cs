namespace Evently.Gateway.Caching;

/// <summary>The <c>Gateway:EventReadsCache</c> section.</summary>
public sealed class EventReadsCacheOptions
{
    public const string SectionName = "Gateway:EventReadsCache";

    /// <summary>How long a cached event read is served by the gateway; 0 turns the gateway's cache off.</summary>
    public int Seconds { get; set; } = 1;

    /// <summary>
    /// How long an answer carrying live seat counts (<c>X-Seats-Live</c>) is served by the gateway, at most: those
    /// counts follow the booking shards within milliseconds, and a whole second of caching would be most of their lag.
    /// </summary>
    public int LiveSeatsMilliseconds { get; set; } = 200;
}
