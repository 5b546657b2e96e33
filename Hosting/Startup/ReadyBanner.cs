using Microsoft.Extensions.Configuration;

namespace Evently.Hosting.Startup;

/// <summary>What a person needs once everything is healthy: the dashboard login, the gateway and the admin login.</summary>
public sealed class ReadyBanner(IConfiguration configuration, string gatewayUrl, string adminEmail, string? generatedAdminPassword)
{
    /// <summary>The dashboard's login URL with its token, when AppHost runs the dashboard.</summary>
    public string? DashboardLoginUrl =>
        configuration["ASPNETCORE_URLS"]?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() is { } url
        && configuration["AppHost:BrowserToken"] is { Length: > 0 } token
            ? $"{url.TrimEnd('/')}/login?t={token}"
            : null;

    internal void Print(TimeSpan elapsed)
    {
        var password = generatedAdminPassword ?? "(the EVENTLY_ADMIN_PASSWORD you gave)";
        Console.WriteLine($"""

            Evently is up: every resource healthy after {elapsed.TotalSeconds:0.0} s.
              Dashboard:  {DashboardLoginUrl ?? "(not started)"}
              Gateway:    {gatewayUrl}
              Admin:      {adminEmail} / {password}
            Ctrl+C stops everything.

            """);
    }
}
