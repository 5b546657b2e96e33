namespace Evently.Gateway.Caching;

/// <summary>The <c>Gateway:EventReadsCache</c> section.</summary>
public sealed class EventReadsCacheOptions
{
    public const string SectionName = "Gateway:EventReadsCache";

    /// <summary>How long a cached event read is served by the gateway; 0 turns the gateway's cache off.</summary>
    public int Seconds { get; set; } = 1;
}
