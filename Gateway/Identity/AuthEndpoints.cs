using System.Security.Claims;
using Evently.Gateway.RateLimiting;
using Evently.ServiceDefaults;
using Evently.ServiceDefaults.Auth;
using Evently.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Identity;

namespace Evently.Gateway.Identity;

/// <summary><c>/api/v1/auth/*</c>: served by the gateway itself, not proxied.</summary>
public static class AuthEndpoints
{
    // Same words, same status for an unknown email and a wrong password.
    private const string InvalidCredentials = "Invalid email or password.";

    public static WebApplication MapAuthEndpoints(this WebApplication app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Identity");
        auth.MapPost("/register", RegisterAsync).RequireRateLimiting(RateLimitPolicies.Login)
            .WithName("Register").WithSummary("Create an account")
            .WithDescription("201 with the new user and a bearer token for them.")
            .Produces<AuthResponse>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        auth.MapPost("/login", LoginAsync).RequireRateLimiting(RateLimitPolicies.Login)
            .WithName("Login").WithSummary("Log in")
            .WithDescription("A bearer token (send it as Authorization: Bearer <token>) with its expiry, and the user. The same " +
                "401 for an unknown email and a wrong password.")
            .Produces<AuthResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized);
        auth.MapGet("/me", MeAsync).RequireAuthorization(EventlyAuth.UserPolicy)
            .WithName("GetMe").WithSummary("The signed-in user")
            .WithDescription("The account the bearer token belongs to, with its own role and every role granted to it.")
            .Produces<UserResponse>()
            .ProducesProblems(StatusCodes.Status404NotFound);
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
        return Results.Json(new AuthResponse(true, user.ToView(), token.Token, token.ExpiresAt), statusCode: StatusCodes.Status201Created);
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
        return Results.Json(new AuthResponse(true, user.ToView(), token.Token, token.ExpiresAt));
    }

    private static async Task<IResult> MeAsync(ClaimsPrincipal principal, UserStore users, CancellationToken ct) =>
        await users.FindByIdAsync(principal.UserId(), ct) is { } user
            ? Results.Json(new UserResponse(true, user.ToView()))
            : EventlyResults.NotFound("This account no longer exists.");
}
