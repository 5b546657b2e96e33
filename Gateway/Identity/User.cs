namespace Evently.Gateway.Identity;

/// <summary>A row of <c>users</c>: its own role (user|admin) and the roles an admin granted it (staff).</summary>
/// <param name="GrantedRoles">Comma-separated (<c>array_to_string(granted_roles, ',')</c>), empty for none.</param>
public sealed record User(Guid Id, string Email, string Name, string PasswordHash, string Role, DateTime CreatedAt, string GrantedRoles = "")
{
    /// <summary>Every role the user has, its own first: what the token's role claim carries.</summary>
    public IReadOnlyList<string> Roles =>
        [Role, .. GrantedRoles.Split(',', StringSplitOptions.RemoveEmptyEntries).Where(r => r != Role).Order(StringComparer.Ordinal)];

    public UserView ToView() => new(Id, Email, Name, Role, Roles, CreatedAt);
}

/// <summary>What the API shows of a user: never the hash. <c>role</c> is its own role, <c>roles</c> all of them.</summary>
public sealed record UserView(Guid Id, string Email, string Name, string Role, IReadOnlyList<string> Roles, DateTime CreatedAt);

/// <summary>Register and login: the user and a bearer token for them.</summary>
public sealed record AuthResponse(bool Success, UserView User, string Token, DateTime ExpiresAt);

/// <summary>One user: <c>GET /auth/me</c> and the admin's user routes.</summary>
public sealed record UserResponse(bool Success, UserView User);

/// <summary>A role granted or revoked, with when it takes effect.</summary>
public sealed record RoleChangeResponse(bool Success, UserView User, string Note);
