namespace Evently.Gateway;

/// <summary>The <c>Gateway</c> configuration section.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Largest request body accepted (API bodies are small JSON); larger → 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Take the client IP from <c>X-Forwarded-For</c> when the caller is a loopback proxy.
    /// Off by default: only turn it on when a trusted proxy sits in front of the gateway.
    /// </summary>
    public bool TrustForwardedHeaders { get; set; }
}
