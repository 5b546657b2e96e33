using Evently.ServiceDefaults;
using Evently.ServiceDefaults.Auth;
using Evently.ServiceDefaults.OpenApi;

namespace Evently.Gateway.Identity;

/// <summary>
/// <c>/api/v1/admin/users</c> (admin), served by the gateway itself: find a user by email, and grant or revoke the
/// staff role. Granting and revoking are idempotent. A role reaches a token at the next login (or register), so a
/// user granted staff logs in again before scanning tickets; a revoked role lasts until the old token expires.
/// </summary>
public static class AdminUserEndpoints
{
    /// <summary>The roles an admin may grant; user and admin are a user's own role, not grants.</summary>
    public static readonly IReadOnlySet<string> GrantableRoles = new HashSet<string>(StringComparer.Ordinal) { EventlyAuth.StaffRole };

    public static WebApplication MapAdminUserEndpoints(this WebApplication app)
    {
        var users = app.MapGroup("/api/v1/admin/users").RequireAuthorization(EventlyAuth.AdminPolicy).WithTags("Identity");
        users.MapGet("", FindAsync)
            .WithName("FindUser").WithSummary("Find a user by email")
            .Produces<UserResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        users.MapGet("/{id}", GetAsync)
            .WithName("GetUser").WithSummary("Get a user")
            .Produces<UserResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        users.MapPut("/{id}/roles/{role}", (string id, string role, UserStore store, CancellationToken ct) => SetAsync(id, role, true, store, ct))
            .WithName("GrantRole").WithSummary("Grant a role (staff)")
            .WithDescription("Idempotent. The role reaches the user's tokens at their next login.")
            .Produces<RoleChangeResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        users.MapDelete("/{id}/roles/{role}", (string id, string role, UserStore store, CancellationToken ct) => SetAsync(id, role, false, store, ct))
            .WithName("RevokeRole").WithSummary("Revoke a role (staff)")
            .WithDescription("Idempotent. Tokens issued before keep the role until they expire.")
            .Produces<RoleChangeResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> FindAsync(string? email, UserStore store, CancellationToken ct)
    {
        if (AuthValidation.EmailError(email) is { } error)
        {
            return EventlyResults.Validation(new Dictionary<string, string[]> { ["email"] = [error] });
        }

        return await store.FindByEmailAsync(email!.Trim(), ct) is { } user
            ? Results.Ok(new UserResponse(true, user.ToView()))
            : EventlyResults.NotFound("User not found");
    }

    private static async Task<IResult> GetAsync(string id, UserStore store, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var userId))
        {
            return EventlyResults.BadRequest("The user id must be a UUID.");
        }

        return await store.FindByIdAsync(userId, ct) is { } user
            ? Results.Ok(new UserResponse(true, user.ToView()))
            : EventlyResults.NotFound("User not found");
    }

    private static async Task<IResult> SetAsync(string id, string role, bool granted, UserStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Guid.TryParse(id, out var userId))
        {
            errors["id"] = ["The user id must be a UUID."];
        }

        if (!GrantableRoles.Contains(role))
        {
            errors["role"] = [$"Only these roles can be granted or revoked: {string.Join(", ", GrantableRoles)}."];
        }

        if (errors.Count > 0)
        {
            return EventlyResults.Validation(errors);
        }

        return await store.SetGrantedRoleAsync(userId, role, granted, ct) is { } user
            ? Results.Ok(new RoleChangeResponse(true, user.ToView(), "The role is in the user's tokens from their next login."))
            : EventlyResults.NotFound("User not found");
    }
}
