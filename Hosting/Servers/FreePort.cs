using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Evently.Hosting.Servers;

/// <summary>
/// Picks a free loopback port when the model is built. Servers and services listen on fixed ports (not behind Aspire's
/// proxy): a restarted process must come back where its clients' connection strings point. Ports come from below the
/// kernel's ephemeral range, so DCP's own proxies and outgoing connections (which take ephemeral ports) cannot grab one
/// between the pick and the bind; each is free on IPv4 and IPv6 loopback ("localhost" binds both).
/// </summary>
public static class FreePort
{
    private const int First = 20000;
    private const int Last = 32000;
    private static readonly ConcurrentDictionary<int, bool> Handed = new();

    public static int Pick()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(First, Last);
            if (IsFree(IPAddress.Loopback, port) && (!Socket.OSSupportsIPv6 || IsFree(IPAddress.IPv6Loopback, port)) && Handed.TryAdd(port, true))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port between {First} and {Last}.");
    }

    /// <summary><paramref name="port"/>, or a free one when it is 0.</summary>
    public static int OrFree(int port) => port == 0 ? Pick() : port;

    private static bool IsFree(IPAddress address, int port)
    {
        try
        {
            using var listener = new TcpListener(address, port);
            listener.Start();
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AddressNotAvailable or SocketError.AccessDenied)
        {
            return e.SocketErrorCode == SocketError.AddressNotAvailable && address.AddressFamily == AddressFamily.InterNetworkV6;
        }
    }
}
