using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Evently.Gateway.Health;

public static class HealthRegistration
{
    public static readonly string[] Services = ["events", "booking", "waitlist", "analytics", "webhooks"];

    /// <summary>One check per downstream service, named after it, with a short timeout each.</summary>
    public static WebApplicationBuilder AddDownstreamHealthChecks(this WebApplicationBuilder builder)
    {
        // Health answers must be quick and honest: no retries, no circuit breaker, just a short deadline.
#pragma warning disable EXTEXP0001 // Experimental but the documented way to opt one client out of the defaults.
        builder.Services.AddHttpClient(DownstreamHealthCheck.ClientName, c => c.Timeout = TimeSpan.FromSeconds(3))
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        var checks = builder.Services.AddHealthChecks();
        foreach (var service in Services)
        {
            checks.Add(new HealthCheckRegistration(service,
                sp => new DownstreamHealthCheck(sp.GetRequiredService<IHttpClientFactory>(), service),
                HealthStatus.Degraded, ["ready", "downstream"], TimeSpan.FromSeconds(3)));
        }

        return builder;
    }
}
