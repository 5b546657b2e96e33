using System.Security.Cryptography;
using System.Text;
using Evently.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Evently.Api.Tests.Support;

/// <summary>Hand-made tokens: forged (unknown key), expired or for another audience (with the real key).</summary>
public static class TestTokens
{
    public static string Forged(Guid userId, string role = "admin") =>
        Create(RandomNumberGenerator.GetBytes(48), "evently", "evently-api", userId, role, DateTime.UtcNow.AddHours(1));

    public static string Expired(EventlySystem system, Guid userId) =>
        Create(RealKey(system), "evently", "evently-api", userId, "user", DateTime.UtcNow.AddHours(-1));

    public static string WrongAudience(EventlySystem system, Guid userId) =>
        Create(RealKey(system), "evently", "someone-else", userId, "user", DateTime.UtcNow.AddHours(1));

    public static string WrongIssuer(EventlySystem system, Guid userId) =>
        Create(RealKey(system), "not-evently", "evently-api", userId, "user", DateTime.UtcNow.AddHours(1));

    /// <summary>A correctly signed token whose "alg" is none: must never be accepted.</summary>
    public static string Unsigned(Guid userId) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "evently",
            Audience = "evently-api",
            Expires = DateTime.UtcNow.AddHours(1),
            Claims = new Dictionary<string, object> { ["sub"] = userId.ToString(), ["role"] = "admin" },
        });

    private static string Create(byte[] key, string issuer, string audience, Guid userId, string role, DateTime expires)
    {
        var issuedAt = expires.AddHours(-2);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = expires,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object> { ["sub"] = userId.ToString(), ["role"] = role, ["email"] = "x@test.evently" },
        });
    }

    /// <summary>The signing key AppHost generated for this system (its secret parameter).</summary>
    private static byte[] RealKey(EventlySystem system) => Encoding.UTF8.GetBytes(system.JwtKey);
}
