using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Evently.ServiceDefaults.Auth;

/// <summary>
/// Validating a JWT (parse, HMAC, claim set) was a tenth of each booking's CPU at the gateway and again in the service
/// (bench CPU profile), while an on-sale buyer sends the same token again and again. A token that validated is kept
/// until it expires, so a repeat costs one lookup; tokens that fail are never kept. Each caller gets its own copy of
/// the identity. Nothing here needs to be seen by another replica: the answer is a pure function of the token.
/// </summary>
public sealed class CachingJsonWebTokenHandler : JsonWebTokenHandler, IDisposable
{
    private readonly MemoryCache _valid;

    public CachingJsonWebTokenHandler(int maxTokens) =>
        _valid = new MemoryCache(new MemoryCacheOptions { SizeLimit = maxTokens });

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_valid.TryGetValue(token, out TokenValidationResult? known) && known is not null)
        {
            return Copy(known);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is { } securityToken && securityToken.ValidTo > DateTime.UtcNow)
        {
            _valid.Set(token, Copy(result), new MemoryCacheEntryOptions { AbsoluteExpiration = securityToken.ValidTo, Size = 1 });
        }

        return result;
    }

    private static TokenValidationResult Copy(TokenValidationResult result) => new()
    {
        IsValid = true,
        SecurityToken = result.SecurityToken,
        ClaimsIdentity = result.ClaimsIdentity.Clone(),
        Issuer = result.Issuer,
        TokenType = result.TokenType,
    };

    public void Dispose() => _valid.Dispose();
}
