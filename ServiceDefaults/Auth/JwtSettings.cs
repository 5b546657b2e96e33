using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Evently.ServiceDefaults.Auth;

/// <summary>
/// <c>Jwt:*</c> settings shared by the gateway (which issues tokens) and every service (which validates them).
/// AppHost generates <see cref="Key"/> once and keeps it in its state folder.
/// </summary>
public sealed class JwtSettings
{
    public const string SectionName = "Jwt";

    public string Key { get; set; } = "";
    public string Issuer { get; set; } = "evently";
    public string Audience { get; set; } = "evently-api";
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Valid tokens each process remembers (see CachingJsonWebTokenHandler); past it the least recently used go first.</summary>
    public int MaxCachedTokens { get; set; } = 100_000;

    public SymmetricSecurityKey SigningKey()
    {
        if (Key.Length < 32)
        {
            throw new InvalidOperationException("Jwt:Key must be at least 32 characters; AppHost generates one.");
        }

        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Key));
    }
}
