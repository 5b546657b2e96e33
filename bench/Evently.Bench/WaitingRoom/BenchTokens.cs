using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Evently.Bench.WaitingRoom;

/// <summary>
/// User bearer tokens minted with the system's own signing key, shaped as the gateway's TokenIssuer makes them (HS256,
/// issuer <c>evently</c>, audience <c>evently-api</c>, <c>sub</c> = user id, <c>role</c> = user): registering 10,000
/// users through the API would take minutes and is not what this bench measures. Services read the user from
/// <c>sub</c> only, so no identity row is needed.
/// </summary>
internal static class BenchTokens
{
    public static string Mint(string key, Guid userId, TimeSpan lifetime)
    {
        var now = DateTimeOffset.UtcNow;
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = userId.ToString(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["role"] = "user",
            ["iss"] = "evently",
            ["aud"] = "evently-api",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.Add(lifetime).ToUnixTimeSeconds(),
        }));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes($"{header}.{payload}"));
        return $"{header}.{payload}.{Encode(signature)}";
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
