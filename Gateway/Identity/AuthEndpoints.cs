using System.Security.Claims;
using Evently.Gateway.RateLimiting;
using Evently.ServiceDefaults;
using Evently.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Identity;

namespace Evently.Gateway.Identity;

/// <summary><c>/api/v1/auth/*</c>: served by the gateway itself, not proxied.</summary>
public static class AuthEndpoints
{
    // Same words, same status for an unknown email and a wrong password.
    private const string InvalidCredentials = "Invalid email or password.";

    public static WebApplication MapAuthEndpoints(this WebApplication app)
    {
        var auth = app.MapGroup("/api/v1/auth");
        auth.MapPost("/register", RegisterAsync).RequireRateLimiting(RateLimitPolicies.Login);
        auth.MapPost("/login", LoginAsync).RequireRateLimiting(RateLimitPolicies.Login);
        auth.MapGet("/me", MeAsync).RequireAuthorization(EventlyAuth.UserPolicy);
        return app;
    }

    private static async Task<IResult> RegisterAsync(RegisterRequest? request, UserStore users, Passwords passwords,
        TokenIssuer tokens, CancellationToken ct)
    {
        var errors = AuthValidation.Validate(request);
        if (errors.Count > 0)
        {
            return EventlyResults.Validation(errors);
        }

        var user = await users.TryInsertAsync(request!.Email!.Trim(), request.Name!.Trim(), passwords.Hash(request.Password!),
            EventlyAuth.UserRole, ct);
        if (user is null)
        {
            return EventlyResults.Conflict("An account with this email already exists.");
        }

        var token = tokens.Issue(user);
        return Results.Json(new { success = true, user = user.ToView(), token = token.Token, expires_at = token.ExpiresAt },
            statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> LoginAsync(LoginRequest? request, UserStore users, Passwords passwords,
        TokenIssuer tokens, CancellationToken ct)
    {
        var errors = AuthValidation.Validate(request);
        if (errors.Count > 0)
        {
            return EventlyResults.Validation(errors);
        }

        var user = await users.FindByEmailAsync(request!.Email!.Trim(), ct);
        if (user is null)
        {
            passwords.VerifyNobody(request.Password!);
            return EventlyResults.Problem(StatusCodes.Status401Unauthorized, InvalidCredentials);
        }

        var verdict = passwords.Verify(user, request.Password!);
        if (verdict == PasswordVerificationResult.Failed)
        {
            return EventlyResults.Problem(StatusCodes.Status401Unauthorized, InvalidCredentials);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await users.UpdatePasswordHashAsync(user.Id, passwords.Hash(request.Password!), ct);
        }

        var token = tokens.Issue(user);
        return Results.Json(new { success = true, token = token.Token, expires_at = token.ExpiresAt, user = user.ToView() });
    }

    private static async Task<IResult> MeAsync(ClaimsPrincipal principal, UserStore users, CancellationToken ct) =>
        await users.FindByIdAsync(principal.UserId(), ct) is { } user
            ? Results.Json(new { success = true, user = user.ToView() })
            : EventlyResults.NotFound("This account no longer exists.");
}
