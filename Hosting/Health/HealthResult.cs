namespace Evently.Hosting.Health;

/// <summary>Outcome of one probe, with a short human-readable detail for the dashboard.</summary>
internal sealed record HealthResult(bool IsHealthy, string Detail)
{
    public static HealthResult Healthy(string detail = "healthy") => new(true, detail);

    public static HealthResult Unhealthy(string detail) => new(false, detail);
}
