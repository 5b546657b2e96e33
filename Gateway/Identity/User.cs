namespace Evently.Gateway.Identity;

/// <summary>A row of <c>users</c>.</summary>
public sealed record User(Guid Id, string Email, string Name, string PasswordHash, string Role, DateTime CreatedAt)
{
    public UserView ToView() => new(Id, Email, Name, Role, CreatedAt);
}

/// <summary>What the API shows of a user: never the hash.</summary>
public sealed record UserView(Guid Id, string Email, string Name, string Role, DateTime CreatedAt);
