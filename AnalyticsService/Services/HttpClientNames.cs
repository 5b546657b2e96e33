namespace Evently.AnalyticsService.Services;

public static class HttpClientNames
{
    /// <summary>Calls to other services' <c>/internal/...</c> endpoints: short timeouts, no retries (a slow service is reported, not waited for).</summary>
    public const string Internal = "internal";
}
