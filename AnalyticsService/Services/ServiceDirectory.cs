namespace Evently.AnalyticsService.Services;

/// <summary>
/// The services analytics reads from over HTTP (service discovery names, as the orchestrator passes them in
/// <c>services__{name}__http__0</c>). Only those actually configured are asked; one that is not is reported as such.
/// </summary>
public sealed class ServiceDirectory(IConfiguration configuration)
{
    public static readonly string[] All = ["gateway", "events", "booking", "waitlist", "analytics", "webhooks"];

    public bool IsConfigured(string service) =>
        !string.IsNullOrWhiteSpace(configuration[$"services:{service}:http:0"]);

    /// <summary>The service discovery address (<c>http://events</c>), resolved by the discovery handler of the client.</summary>
    public static Uri Address(string service, string path) => new($"http://{service}{path}");

    /// <summary>The gateway's real address, for the load test (which must not go through discovery's resilience).</summary>
    public Uri? GatewayAddress() =>
        configuration["services:gateway:http:0"] is { Length: > 0 } url ? new Uri(url.TrimEnd('/') + "/") : null;
}
