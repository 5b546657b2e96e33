using Evently.ServiceDefaults;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;

namespace Evently.Gateway.Identity;

/// <summary>
/// A request that presents credentials must present valid ones: a forged, expired or foreign token is answered
/// 401 here and never forwarded, even on routes anyone may call. Requests without credentials pass on and the
/// services decide (they validate tokens themselves too).
/// </summary>
public sealed class RejectInvalidCredentialsMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (string.IsNullOrWhiteSpace(context.Request.Headers.Authorization) || context.User.Identity?.IsAuthenticated == true)
        {
            await next(context);
            return;
        }

        // The handler caches its result per request: this does not validate the token a second time.
        var result = await context.AuthenticateAsync();
        var detail = result.Failure switch
        {
            SecurityTokenExpiredException => "The token has expired. Log in again at /api/v1/auth/login.",
            null => "Only bearer tokens are accepted: send Authorization: Bearer <token> from /api/v1/auth/login.",
            _ => "The bearer token is invalid. Log in at /api/v1/auth/login.",
        };
        context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        await EventlyResults.Problem(StatusCodes.Status401Unauthorized, detail).ExecuteAsync(context);
    }
}
