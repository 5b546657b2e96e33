namespace Evently.WebhooksService;

/// <summary>
/// The <c>Webhooks</c> configuration section. Defaults suit production (retries for about five hours, ten-second
/// requests); the tests shorten the delays through environment variables (<c>Webhooks__Retry__BaseDelay</c> ...).
/// </summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    public RetryOptions Retry { get; set; } = new();

    public AutoDisableOptions AutoDisable { get; set; } = new();

    /// <summary>How long one HTTP attempt may take, connect to last byte read.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>At most this much of a receiver's answer is read (the rest is dropped with the connection).</summary>
    public int MaxResponseBytes { get; set; } = 4096;

    /// <summary>Attempts in flight at once to one endpoint, per replica: a slow receiver only ever ties up this many.</summary>
    public int MaxConcurrencyPerEndpoint { get; set; } = 4;

    /// <summary>Attempts in flight at once in all, per replica.</summary>
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>How often the dispatcher looks for due deliveries when no notification woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Allow every private, loopback and link-local address as a webhook target (development only). Prefer the
    /// granular <see cref="AllowedPrivateNetworks"/>.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// Comma-separated CIDR ranges that are reachable even though they are not public, e.g. <c>127.0.0.0/8,::1/128</c>
    /// for receivers on the same machine in tests. Everything else non-public stays refused.
    /// </summary>
    public string AllowedPrivateNetworks { get; set; } = "";

    public sealed class RetryOptions
    {
        /// <summary>Delay before the second attempt; each later one doubles it (plus or minus <see cref="Jitter"/>).</summary>
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>No single wait is longer than this.</summary>
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);

        /// <summary>Attempts in all (the first included) before a delivery is given up as failed: 5 s, 10 s, … up to 1 h, ≈ 6.4 h in all.</summary>
        public int MaxAttempts { get; set; } = 16;

        /// <summary>Fraction of each delay added or taken away at random, so retries of many deliveries spread out.</summary>
        public double Jitter { get; set; } = 0.2;
    }

    public sealed class AutoDisableOptions
    {
        /// <summary>Failed attempts in a row (no success between them, any message) before an endpoint may be disabled...</summary>
        public int AfterFailures { get; set; } = 50;

        /// <summary>... and only once the first of them is at least this old, so a short outage never disables anyone.</summary>
        public TimeSpan AfterFailingFor { get; set; } = TimeSpan.FromHours(24);
    }
}
