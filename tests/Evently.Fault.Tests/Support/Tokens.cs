using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Evently.Fault.Tests;

/// <summary>Hand-made HS256 JWTs (forged, expired, wrong audience ...) to prove every service refuses them.</summary>
internal static class Tokens
{
    public static string Create(string key, Guid subject, string role, string issuer = "evently", string audience = "evently-api",
        DateTimeOffset? expires = null, string alg = "HS256")
    {
        var now = DateTimeOffset.UtcNow;
        var exp = expires ?? now.AddHours(1);
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new { alg, typ = "JWT" }));
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = subject.ToString(),
            ["role"] = role,
            ["iss"] = issuer,
            ["aud"] = audience,
            ["iat"] = Earliest(now, exp.AddMinutes(-5)).ToUnixTimeSeconds(),
            ["nbf"] = Earliest(now, exp.AddMinutes(-5)).ToUnixTimeSeconds(),
            ["exp"] = exp.ToUnixTimeSeconds(),
        }));
        if (alg == "none")
        {
            return $"{header}.{payload}.";
        }

        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes($"{header}.{payload}"));
        return $"{header}.{payload}.{Encode(signature)}";
    }

    private static DateTimeOffset Earliest(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
