using System.Security.Cryptography;
using System.Text;

namespace Evently.Dashboard.Otlp;

/// <summary>The optional shared key on OTLP requests, compared in constant time.</summary>
internal static class OtlpApiKey
{
    public const string HeaderName = "x-otlp-api-key";

    public static bool IsAllowed(DashboardOptions options, string? presented) =>
        string.IsNullOrEmpty(options.OtlpApiKey)
        || (!string.IsNullOrEmpty(presented)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(options.OtlpApiKey)));
}
