using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace Evently.Hosting.Startup;

/// <summary>What a person needs once everything is healthy: the dashboard login, the gateway and the admin login.</summary>
public sealed class ReadyBanner(IConfiguration configuration, string gatewayUrl, string adminEmail, string? generatedAdminPassword)
{
    /// <summary>
    /// The dashboard's login URL with its token: the dashboard resource's endpoint as Aspire allocated it (the launch
    /// profile's port under <c>./evently up</c>, any port under the testing builder) and the browser token in force.
    /// </summary>
    public string? DashboardLoginUrl(DistributedApplicationModel model) =>
        model.Resources.FirstOrDefault(r => r.Name == "aspire-dashboard") is IResourceWithEndpoints dashboard
        && dashboard.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.UriScheme == "http")?.AllocatedEndpoint is { } endpoint
        && configuration["AppHost:BrowserToken"] is { Length: > 0 } token
            ? $"{endpoint.UriString.TrimEnd('/')}/login?t={token}"
            : null;

    internal void Print(TimeSpan elapsed, DistributedApplicationModel model)
    {
        var password = generatedAdminPassword ?? "(the EVENTLY_ADMIN_PASSWORD you gave)";
        Console.WriteLine($"""

            Evently is up: every resource healthy after {elapsed.TotalSeconds:0.0} s.
              Dashboard:  {DashboardLoginUrl(model) ?? "(not started)"}
              Gateway:    {gatewayUrl}
              Admin:      {adminEmail} / {password}
            Ctrl+C stops everything.

            """);
    }
}
