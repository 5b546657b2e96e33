using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Evently.ServiceDefaults.Auth;

/// <summary>Turns authorization failures into problem+json 401/403 with a message a client can act on.</summary>
public sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            await EventlyResults.Problem(StatusCodes.Status401Unauthorized,
                "A valid bearer token is required. Log in at /api/v1/auth/login.").ExecuteAsync(context);
            return;
        }

        if (authorizeResult.Forbidden)
        {
            await EventlyResults.Problem(StatusCodes.Status403Forbidden,
                "You are not allowed to do this.").ExecuteAsync(context);
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
