using System.Security.Cryptography;

namespace Evently.WebhooksService.Endpoints;

/// <summary>Signing secrets in the Standard Webhooks format: <c>whsec_</c> and 32 random bytes in base64.</summary>
public static class SigningSecret
{
    public const string Prefix = "whsec_";

    // The spec asks for 24 to 64 bytes; 32 is HMAC-SHA256's block-sized sweet spot.
    public static string Create() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
