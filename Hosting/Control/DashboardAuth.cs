using Microsoft.AspNetCore.Http;

namespace Evently.Hosting;

/// <summary>
/// The dashboard token check shared by the control API and the dashboard UI: a request is let in with
/// <c>Authorization: Bearer &lt;token&gt;</c>, <c>X-Evently-Token</c>, <c>?t=&lt;token&gt;</c> or the
/// <see cref="CookieName"/> cookie (which the dashboard may set after a <c>?t=</c> login).
/// </summary>
public sealed class DashboardAuth(string token, bool unsecured)
{
    public const string CookieName = "evently_dashboard";

    public string Token { get; } = token;

    public bool Unsecured { get; } = unsecured;

    public bool IsAuthorized(HttpContext context)
    {
        if (Unsecured)
        {
            return true;
        }

        var request = context.Request;
        var header = request.Headers.Authorization.ToString();
        return Matches(header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null)
            || Matches(request.Headers["X-Evently-Token"].ToString())
            || Matches(request.Query["t"].ToString())
            || Matches(request.Cookies[CookieName]);
    }

    private bool Matches(string? candidate) =>
        !string.IsNullOrEmpty(candidate)
        && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(candidate), System.Text.Encoding.UTF8.GetBytes(Token));
}
