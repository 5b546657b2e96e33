using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Evently.WebhooksService.Security;

/// <summary>
/// The one HttpClient that calls receivers. Its <see cref="SocketsHttpHandler.ConnectCallback"/> resolves the host
/// itself and connects only to addresses the <see cref="AddressPolicy"/> allows, so a DNS answer that changed since
/// registration (rebinding) cannot reach an internal address. No redirects (a 3xx is a failed attempt: following it
/// could lead anywhere), no proxy, no cookies. Not from IHttpClientFactory: the service defaults add retries and
/// service discovery to those, and a webhook's retries are the dispatcher's, recorded one by one.
/// </summary>
public sealed class GuardedHttpClient : IDisposable
{
    private readonly SocketsHttpHandler _handler;

    public GuardedHttpClient(AddressPolicy addresses, IOptions<WebhookOptions> options)
    {
        _handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.Value.RequestTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            MaxResponseHeadersLength = 16, // KB: a receiver's headers are not worth more
            ConnectCallback = (context, ct) => ConnectAsync(addresses, context.DnsEndPoint, ct),
        };
        Client = new HttpClient(_handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public HttpClient Client { get; }

    private static async ValueTask<Stream> ConnectAsync(AddressPolicy addresses, DnsEndPoint endpoint, CancellationToken ct)
    {
        var candidates = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, ct);
        string? refusal = null;
        foreach (var address in candidates)
        {
            if (addresses.Refusal(address) is { } why)
            {
                refusal = why;
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException)
            {
                socket.Dispose();
                refusal ??= $"connection to {address} failed";
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new HttpRequestException(refusal is null
            ? $"{endpoint.Host} has no address."
            : $"No allowed address of {endpoint.Host} could be reached: {refusal}");
    }

    public void Dispose()
    {
        Client.Dispose();
        _handler.Dispose();
    }
}
