using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Evently.WebhooksService.Security;

/// <summary>
/// Which IP addresses a webhook may reach. Only public unicast addresses, unless configuration allows a range: an
/// admin-supplied URL must not become a way into the cluster's own network (SSRF), the cloud metadata service
/// included. Checked when an endpoint is registered and again on every connection (a DNS answer can change).
/// </summary>
public sealed class AddressPolicy
{
    // Not public: what an attacker would aim at from inside. IPv4-mapped IPv6 is unwrapped before checking.
    private static readonly IPNetwork[] Forbidden =
    [
        IPNetwork.Parse("0.0.0.0/8"),          // "this network", unspecified
        IPNetwork.Parse("10.0.0.0/8"),         // RFC 1918
        IPNetwork.Parse("100.64.0.0/10"),      // carrier-grade NAT
        IPNetwork.Parse("127.0.0.0/8"),        // loopback
        IPNetwork.Parse("169.254.0.0/16"),     // link-local, 169.254.169.254 metadata
        IPNetwork.Parse("172.16.0.0/12"),      // RFC 1918
        IPNetwork.Parse("192.0.0.0/24"),       // IETF protocol assignments
        IPNetwork.Parse("192.0.2.0/24"),       // documentation
        IPNetwork.Parse("192.88.99.0/24"),     // 6to4 relay
        IPNetwork.Parse("192.168.0.0/16"),     // RFC 1918
        IPNetwork.Parse("198.18.0.0/15"),      // benchmarking
        IPNetwork.Parse("198.51.100.0/24"),    // documentation
        IPNetwork.Parse("203.0.113.0/24"),     // documentation
        IPNetwork.Parse("224.0.0.0/4"),        // multicast
        IPNetwork.Parse("240.0.0.0/4"),        // reserved, broadcast
        IPNetwork.Parse("::/128"),             // unspecified
        IPNetwork.Parse("::1/128"),            // loopback
        IPNetwork.Parse("64:ff9b::/96"),       // NAT64 (would reach IPv4 space)
        IPNetwork.Parse("64:ff9b:1::/48"),     // local-use NAT64
        IPNetwork.Parse("100::/64"),           // discard
        IPNetwork.Parse("2001:db8::/32"),      // documentation
        IPNetwork.Parse("2002::/16"),          // 6to4 (embeds IPv4)
        IPNetwork.Parse("fc00::/7"),           // unique local, fd00:ec2::254 metadata
        IPNetwork.Parse("fe80::/10"),          // link-local
        IPNetwork.Parse("fec0::/10"),          // site-local (deprecated)
        IPNetwork.Parse("ff00::/8"),           // multicast
    ];

    private readonly bool _allowAll;
    private readonly IPNetwork[] _allowed;

    public AddressPolicy(IOptions<WebhookOptions> options)
    {
        _allowAll = options.Value.AllowPrivateNetworks;
        _allowed = ParseNetworks(options.Value.AllowedPrivateNetworks);
    }

    /// <summary>Null when the address may be reached; otherwise why not.</summary>
    public string? Refusal(IPAddress address)
    {
        var ip = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (_allowAll || _allowed.Any(n => n.Contains(ip)))
        {
            return null;
        }

        if (ip.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return $"{ip} is not an IP address.";
        }

        foreach (var network in Forbidden)
        {
            if (network.BaseAddress.AddressFamily == ip.AddressFamily && network.Contains(ip))
            {
                return $"{ip} is a private, loopback, link-local or reserved address ({network}).";
            }
        }

        return null;
    }

    /// <summary>Parses <c>a/b,c/d</c>; a bad range stops the service at start-up rather than silently allowing nothing.</summary>
    public static IPNetwork[] ParseNetworks(string? list) =>
        (list ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => IPNetwork.TryParse(s, out var n)
                ? n
                : throw new InvalidOperationException($"Webhooks:AllowedPrivateNetworks: '{s}' is not a CIDR range."))
            .ToArray();
}
