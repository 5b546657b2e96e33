using System.Net;
using System.Net.Sockets;

namespace Evently.WebhooksService.Security;

/// <summary>
/// Checks an endpoint URL when it is registered: absolute http(s), no credentials, and a host whose every address the
/// <see cref="AddressPolicy"/> allows. A refusal is a sentence for the admin (a 400), never an exception.
/// </summary>
public sealed class UrlPolicy(AddressPolicy addresses)
{
    public const int MaxLength = 2048;
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Null when the URL may be used; otherwise why not.</summary>
    public async Task<string?> RefusalAsync(string url, CancellationToken ct)
    {
        if (url.Length > MaxLength)
        {
            return $"url must be at most {MaxLength} characters.";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "url must be an absolute http or https URL.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "url must not carry credentials.";
        }

        if (uri.Fragment.Length > 0)
        {
            return "url must not have a fragment.";
        }

        IPAddress[] resolved;
        if (IPAddress.TryParse(uri.IdnHost, out var literal))
        {
            resolved = [literal];
        }
        else
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(ResolveTimeout);
                resolved = await Dns.GetHostAddressesAsync(uri.IdnHost, timeout.Token);
            }
            catch (Exception e) when (e is SocketException or ArgumentException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                return $"url's host {uri.Host} cannot be resolved.";
            }
        }

        if (resolved.Length == 0)
        {
            return $"url's host {uri.Host} cannot be resolved.";
        }

        // Every address must pass: a host answering with one public and one private address would be a way in.
        return resolved.Select(addresses.Refusal).FirstOrDefault(r => r is not null) is { } refusal
            ? $"url is not allowed: {refusal}"
            : null;
    }
}
