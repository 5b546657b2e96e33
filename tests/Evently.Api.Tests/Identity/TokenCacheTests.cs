using System.Security.Cryptography;
using Evently.ServiceDefaults.Auth;
using Evently.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Evently.Api.Tests.Identity;

/// <summary>
/// The validation cache every service and the gateway run (CachingJsonWebTokenHandler): a kept token is still refused
/// once it expires, a bad token is never kept, and callers do not share one identity object.
/// </summary>
public sealed class TokenCacheTests : IDisposable
{
    private readonly SymmetricSecurityKey _key = new(RandomNumberGenerator.GetBytes(48));
    private readonly CachingJsonWebTokenHandler _handler = new(maxTokens: 100);

    private TokenValidationParameters Parameters => new()
    {
        ValidIssuer = "evently",
        ValidAudience = "evently-api",
        IssuerSigningKey = _key,
        ClockSkew = TimeSpan.Zero,
    };

    [Fact]
    public async Task A_kept_token_is_refused_once_it_expires()
    {
        var token = Create(_key, DateTime.UtcNow.AddSeconds(2));
        Assert.True((await _handler.ValidateTokenAsync(token, Parameters)).IsValid);
        Assert.True((await _handler.ValidateTokenAsync(token, Parameters)).IsValid);

        var refused = await Eventually.UntilAsync(
            () => _handler.ValidateTokenAsync(token, Parameters), r => !r.IsValid, TimeSpan.FromSeconds(15), "the token expired");

        Assert.IsType<SecurityTokenExpiredException>(refused.Exception);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused_every_time()
    {
        var forged = Create(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(48)), DateTime.UtcNow.AddHours(1));

        Assert.False((await _handler.ValidateTokenAsync(forged, Parameters)).IsValid);
        Assert.False((await _handler.ValidateTokenAsync(forged, Parameters)).IsValid);
    }

    [Fact]
    public async Task Each_caller_gets_its_own_identity_with_the_same_claims()
    {
        var token = Create(_key, DateTime.UtcNow.AddHours(1));

        var first = await _handler.ValidateTokenAsync(token, Parameters);
        var second = await _handler.ValidateTokenAsync(token, Parameters);
        first.ClaimsIdentity.AddClaim(new System.Security.Claims.Claim("role", "admin"));

        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal("user", Assert.Single(second.ClaimsIdentity.FindAll("role")).Value);
        Assert.Equal("user", Assert.Single((await _handler.ValidateTokenAsync(token, Parameters)).ClaimsIdentity.FindAll("role")).Value);
    }

    private static string Create(SecurityKey key, DateTime expires) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "evently",
            Audience = "evently-api",
            IssuedAt = expires.AddHours(-2),
            NotBefore = expires.AddHours(-2),
            Expires = expires,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object> { ["sub"] = Guid.NewGuid().ToString(), ["role"] = "user" },
        });

    public void Dispose() => _handler.Dispose();
}
