namespace Evently.AnalyticsService.LoadTests;

/// <summary><c>LoadTest:*</c> settings.</summary>
public sealed class LoadTestOptions
{
    public const string SectionName = "LoadTest";

    /// <summary>Load-test users registered per test (registration is rate-limited per address; workers share them).</summary>
    public int MaxUsers { get; set; } = 20;

    /// <summary>Seats of the dedicated event a booking load test books against.</summary>
    public int BookingEventCapacity { get; set; } = 100_000;

    /// <summary>A request without an answer by then counts as a timeout.</summary>
    public int RequestTimeoutSeconds { get; set; } = 10;

    /// <summary>How often the owner renews its lease and stores the figures so far (what other instances answer).</summary>
    public int HeartbeatMs { get; set; } = 1000;

    /// <summary>A running test whose owner has not renewed it for this long is marked aborted.</summary>
    public int LeaseSeconds { get; set; } = 10;
}
