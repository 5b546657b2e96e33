using System.Net;
using System.Net.Sockets;
using Evently.Testing;

namespace Evently.Platform.Tests;

/// <summary>A resource that cannot start fails the start at once, named with the reason and the last lines of its log.</summary>
public sealed class StartupFailureTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_taken_gateway_port_fails_fast_naming_the_gateway()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var failure = await Assert.ThrowsAsync<EventlySystemStartException>(() =>
            EventlySystem.StartAsync(new EventlySystemOptions { GatewayPort = port, StartTimeout = Quick }));

        Assert.Contains("FAILED gateway (Project): exited with code", failure.Message, StringComparison.Ordinal);
        Assert.Contains("address already in use", failure.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_missing_postgres_binary_fails_fast_naming_the_server_and_the_path()
    {
        var failure = await Assert.ThrowsAsync<EventlySystemStartException>(() =>
            EventlySystem.StartAsync(new EventlySystemOptions
            {
                StartTimeout = Quick,
                AppHostEnvironment = new Dictionary<string, string> { ["EVENTLY_PG_BIN"] = "/nonexistent" },
            }));

        Assert.Matches(@"FAILED [a-z0-9-]+-db(-\d+)? \(PostgreSQL\): PostgreSQL server binary not found at /nonexistent/postgres", failure.Message);
    }

    [Fact]
    public async Task A_project_that_exits_at_start_is_named_with_its_last_log_lines()
    {
        var failure = await Assert.ThrowsAsync<EventlySystemStartException>(() =>
            EventlySystem.StartAsync(new EventlySystemOptions
            {
                StartTimeout = TimeSpan.FromSeconds(170),
                ProjectEnvironment = new Dictionary<string, IReadOnlyDictionary<string, string>>
                {
                    ["events"] = new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "not-a-url" },
                },
            }));

        Assert.True(failure.Message.Contains("FAILED events (Project): exited with code", StringComparison.Ordinal), failure.Message);
        Assert.Contains("last lines of its log", failure.Message, StringComparison.Ordinal);
        Assert.Contains("not-a-url", failure.Message, StringComparison.Ordinal);
    }
}
