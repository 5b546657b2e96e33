using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Evently.Dashboard.Auth;

/// <summary>
/// Browser-token login as in Aspire's dashboard: the token from the URL AppHost prints becomes a cookie.
/// The dashboard uses its own cookie scheme and policy so it never changes how the host authenticates
/// anything else.
/// </summary>
public static class DashboardLogin
{
    public const string Scheme = "EventlyDashboard";
    public const string Policy = "EventlyDashboard";
    public const string TokenQueryKey = "t";
    internal const string CookieName = ".Evently.Dashboard";

    internal static void AddDashboardAuth(this IServiceCollection services, DashboardOptions options)
    {
        services.AddAuthentication().AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.ExpireTimeSpan = TimeSpan.FromDays(3);
            cookie.SlidingExpiration = true;
            // A page or API call without the cookie gets 401, never a redirect to a login form, unless
            // it carries the token itself (?t=): then it logs in right there.
            cookie.Events.OnRedirectToLogin = ctx => ChallengeAsync(ctx.HttpContext, options);
            cookie.Events.OnRedirectToAccessDenied = ctx => UnauthorizedAsync(ctx.HttpContext);
        });

        services.AddAuthorizationBuilder().AddPolicy(Policy, policy =>
        {
            if (options.Unsecured)
            {
                policy.RequireAssertion(_ => true);
            }
            else
            {
                policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser();
            }
        });
    }

    internal static bool IsValid(DashboardOptions options, string? token)
    {
        if (string.IsNullOrEmpty(token) || string.IsNullOrEmpty(options.BrowserToken))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(options.BrowserToken));
    }

    internal static Task SignInAsync(HttpContext ctx)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "dashboard")], Scheme);
        return ctx.SignInAsync(Scheme, new ClaimsPrincipal(identity));
    }

    /// <summary>
    /// Challenge of a protected dashboard URL: with a valid <c>?t=token</c> on a GET it signs in and
    /// redirects to the same URL without the token; otherwise 401.
    /// </summary>
    internal static async Task ChallengeAsync(HttpContext ctx, DashboardOptions options)
    {
        if (HttpMethods.IsGet(ctx.Request.Method)
            && ctx.Request.Query.TryGetValue(TokenQueryKey, out var token)
            && IsValid(options, token))
        {
            await SignInAsync(ctx);
            ctx.Response.Redirect(WithoutToken(ctx.Request));
            return;
        }

        await UnauthorizedAsync(ctx);
    }

    /// <summary>The login endpoint: <c>/login?t=token</c> signs in and goes to the dashboard home.</summary>
    internal static async Task LoginAsync(HttpContext ctx, DashboardOptions options)
    {
        if (options.Unsecured || IsValid(options, ctx.Request.Query[TokenQueryKey]))
        {
            if (!options.Unsecured)
            {
                await SignInAsync(ctx);
            }

            ctx.Response.Redirect(ctx.Request.PathBase + "/");
            return;
        }

        await UnauthorizedAsync(ctx);
    }

    private static string WithoutToken(HttpRequest request)
    {
        var rest = request.Query.Where(q => q.Key != TokenQueryKey)
            .SelectMany(q => q.Value.Select(v => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(v ?? "")));
        var query = string.Join("&", rest);
        var path = (request.PathBase + request.Path).ToString();
        return query.Length == 0 ? path : path + "?" + query;
    }

    internal static async Task UnauthorizedAsync(HttpContext ctx)
    {
        ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
        if (ctx.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            ctx.Response.ContentType = "text/html; charset=utf-8";
            await ctx.Response.WriteAsync(UnauthorizedPage);
        }
        else
        {
            ctx.Response.ContentType = "application/problem+json";
            await ctx.Response.WriteAsync(
                """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.2","title":"Unauthorized","status":401,"detail":"Open the dashboard with the login URL AppHost printed (it carries ?t=<token>)."}""");
        }
    }

    private const string UnauthorizedPage = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Evently dashboard: login required</title>
        <style>body{font-family:system-ui,sans-serif;margin:4rem auto;max-width:40rem;color:#222}code{background:#eee;padding:.1rem .3rem}</style>
        </head><body id="unauthorized">
        <h1>401: login required</h1>
        <p>Open the dashboard with the login URL that AppHost printed when it started
        (<code>http://127.0.0.1:18888/login?t=&lt;token&gt;</code>). The token is also in the state folder.</p>
        </body></html>
        """;
}
