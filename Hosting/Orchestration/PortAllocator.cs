using System.Net;
using System.Net.Sockets;

namespace Evently.Hosting.Orchestration;

/// <summary>
/// Gives every endpoint its loopback port before anything starts (projects need each other's URLs up front).
/// Requested ports are checked first so a taken one fails at once. Free ports are drawn below Linux's
/// ephemeral range (32768+), so an outgoing connection cannot be holding one when a server restarts.
/// </summary>
internal static class PortAllocator
{
    private const int RangeStart = 20000;
    private const int RangeEnd = 32000;

    /// <summary>Returns the resources whose requested port is taken, with the reason.</summary>
    public static IReadOnlyList<(Resource Resource, string Reason)> Allocate(IEnumerable<Resource> resources)
    {
        var failures = new List<(Resource, string)>();
        var held = new List<TcpListener>();
        try
        {
            var endpoints = resources.SelectMany(r => r.Endpoints.Select(e => (Resource: r, Endpoint: e))).ToList();
            foreach (var (resource, endpoint) in endpoints.Where(x => x.Endpoint.RequestedPort is > 0))
            {
                var port = endpoint.RequestedPort!.Value;
                if (TryHold(port, held))
                {
                    endpoint.Allocate(port);
                }
                else
                {
                    failures.Add((resource, $"port {port} on 127.0.0.1 is already in use."));
                }
            }

            foreach (var (_, endpoint) in endpoints.Where(x => x.Endpoint.RequestedPort is null or 0))
            {
                endpoint.Allocate(HoldFreePort(held));
            }
        }
        finally
        {
            foreach (var listener in held)
            {
                listener.Dispose();
            }
        }

        return failures;
    }

    /// <summary>True when nothing listens on <paramref name="port"/> right now.</summary>
    public static bool IsFree(int port)
    {
        var held = new List<TcpListener>();
        try
        {
            return TryHold(port, held);
        }
        finally
        {
            held.ForEach(l => l.Dispose());
        }
    }

    private static int HoldFreePort(List<TcpListener> held)
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(RangeStart, RangeEnd);
            if (TryHold(port, held))
            {
                return port;
            }
        }

        throw new ResourceException($"no free port between {RangeStart} and {RangeEnd}.");
    }

    private static bool TryHold(int port, List<TcpListener> held)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            held.Add(listener);
            return true;
        }
        catch (SocketException)
        {
            listener.Dispose();
            return false;
        }
    }
}
