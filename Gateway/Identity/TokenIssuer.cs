using Evently.ServiceDefaults.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Evently.Gateway.Identity;

/// <summary>
/// Signs the bearer tokens every service validates with the same <see cref="JwtSettings"/>:
/// <c>sub</c> = user id, <c>role</c> = user|admin (an array with the granted roles, e.g. <c>["user","staff"]</c>, when
/// an admin granted some), plus email and name for display.
/// </summary>
public sealed class TokenIssuer(JwtSettings settings, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();
    private readonly SigningCredentials _credentials = new(settings.SigningKey(), SecurityAlgorithms.HmacSha256);

    public IssuedToken Issue(User user)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = now.Add(settings.Lifetime);
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = expires,
            SigningCredentials = _credentials,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = user.Id.ToString(),
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString(),
                [JwtRegisteredClaimNames.Email] = user.Email,
                [JwtRegisteredClaimNames.Name] = user.Name,
                [EventlyAuth.RoleClaim] = user.Roles.Count == 1 ? user.Role : user.Roles.ToArray(),
            },
        });
        return new IssuedToken(token, expires);
    }
}

public sealed record IssuedToken(string Token, DateTime ExpiresAt);
