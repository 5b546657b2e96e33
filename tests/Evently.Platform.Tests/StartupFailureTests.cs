using System.Net;
using System.Net.Sockets;
using Evently.Testing;

namespace Evently.Platform.Tests;

/// <summary>A resource that cannot start makes AppHost exit non-zero at once, naming it and saying why.</summary>
public sealed class StartupFailureTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_taken_gateway_port_fails_fast_naming_the_gateway()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var failure = await Assert.ThrowsAsync<EventlySystemStartException>(() =>
            EventlySystem.StartAsync(new EventlySystemOptions { GatewayPort = port, StartTimeout = Quick }));

        Assert.NotNull(failure.ExitCode);
        Assert.NotEqual(0, failure.ExitCode);
        Assert.Contains($"FAILED gateway (Project): port {port}", failure.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_postgres_binary_fails_fast_naming_the_servers()
    {
        var failure = await Assert.ThrowsAsync<EventlySystemStartException>(() =>
            EventlySystem.StartAsync(new EventlySystemOptions
            {
                StartTimeout = Quick,
                AppHostEnvironment = new Dictionary<string, string> { ["EVENTLY_PG_BIN"] = "/nonexistent" },
            }));

        Assert.NotNull(failure.ExitCode);
        Assert.NotEqual(0, failure.ExitCode);
        Assert.Contains("FAILED events-db (PostgreSQL): PostgreSQL server binary not found at /nonexistent/postgres", failure.Output,
            StringComparison.Ordinal);
    }
}
