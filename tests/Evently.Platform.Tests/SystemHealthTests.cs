using System.Net;
using System.Text.Json;
using Evently.Hosting.Processes;
using Evently.Testing;
using Npgsql;

namespace Evently.Platform.Tests;

/// <summary>The whole graph boots healthy on Aspire, the gateway reaches every service, and the dashboard's resources carry what an operator needs.</summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class SystemHealthTests(PlatformFixture fixture)
{
    private readonly EventlySystem _system = fixture.System;

    [Fact]
    public void Every_resource_is_healthy_with_a_live_process()
    {
        var expected = new[] { "identity-db", "events-db", "events-db-replica", "waitlist-db", "analytics-db", "webhooks-db", "cache", "messaging", "messaging-epmd", "gateway", "events", "booking", "waitlist", "analytics", "webhooks" }
            .Concat(Enumerable.Range(0, _system.BookingShards).Select(i => $"booking-db-{i}"));
        Assert.Equal(expected.Order(), _system.Resources.Select(r => r.Name).Order());
        Assert.All(_system.Resources, r =>
        {
            Assert.True(r.IsHealthy, $"{r.Name}: {r.State}/{r.Health}");
            Assert.True(_system.Pid(r.Name) is { } pid && ProcFs.IsAlive(pid), $"{r.Name}: pid {r.Pid} is not alive");
        });
    }

    [Theory]
    [InlineData("gateway", "Gateway")]
    [InlineData("events", "EventsService")]
    [InlineData("booking", "BookingService")]
    [InlineData("waitlist", "WaitlistService")]
    [InlineData("analytics", "AnalyticsService")]
    [InlineData("webhooks", "WebhooksService")]
    public async Task Each_service_runs_its_built_executable_without_a_dotnet_run_wrapper(string project, string folder)
    {
        // As it runs now: other tests of this system restart services.
        var launched = (await _system.GetResourceAsync(project)).Pid!.Value;
        var command = ProcFs.CommandLine(launched);
        Assert.Matches($@"^/\S+/{folder}/bin/Debug/net\d+\.\d+/Evently\.{folder}$", command);
        // The process DCP launched is the service itself: nothing sits between them.
        Assert.Equal(launched, _system.Pid(project));
        Assert.True(Directory.Exists(Path.Combine(ProcFs.EnvironmentVariable(launched, "DOTNET_ROOT")!, "shared", "Microsoft.NETCore.App")));
    }

    [Fact]
    public void The_message_broker_runs_at_a_lower_cpu_priority_than_the_services()
    {
        // DCP runs every resource in one session, so niceness alone orders them for the scheduler.
        Assert.Equal(10, ProcFs.Nice(_system.Pid("messaging")!.Value));
        Assert.Equal(0, ProcFs.Nice(_system.Pid("gateway")!.Value));
        Assert.Equal(0, ProcFs.Nice(_system.Pid("booking")!.Value));
    }

    [Theory]
    [InlineData("analytics", 10)]
    [InlineData("webhooks", 10)]
    [InlineData("gateway", 0)]
    [InlineData("events", 0)]
    [InlineData("booking", 0)]
    [InlineData("waitlist", 0)]
    public void Background_services_run_every_thread_at_a_lower_cpu_priority_and_the_request_path_at_normal(string project, int nice)
    {
        // Linux keeps niceness per thread: a service lowered only on its main thread would still compete with its pool.
        var threads = ProcFs.ThreadNices(_system.Pid(project)!.Value);
        Assert.True(threads.Count > 5, $"{project}: only {threads.Count} threads read");
        Assert.All(threads, n => Assert.Equal(nice, n));
    }

    [Theory]
    [InlineData("gateway")]
    [InlineData("events")]
    [InlineData("booking")]
    [InlineData("waitlist")]
    [InlineData("analytics")]
    [InlineData("webhooks")]
    public async Task Each_service_answers_its_own_health(string project)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(_system.ServiceUrl(project), "health"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Gateway_health_reports_every_service_healthy()
    {
        using var client = _system.CreateGatewayClient();
        using var response = await client.GetAsync("health");
        var body = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = body.GetProperty("checks");
        foreach (var service in new[] { "events", "booking", "waitlist", "analytics", "webhooks" })
        {
            Assert.True(checks.TryGetProperty(service, out var check), $"gateway /health has no '{service}' check: {body}");
            Assert.Equal("Healthy", check.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Every_postgres_server_loads_pg_stat_statements_and_keeps_fsync_on()
    {
        var servers = _system.Resources.Where(r => r.Property("evently.server") as string == "PostgreSQL").ToList();
        // identity, events, waitlist, analytics and webhooks, plus the booking shards (the standby is not a primary server).
        Assert.Equal(5 + _system.BookingShards, servers.Count);
        foreach (var server in servers)
        {
            await using var connection = new NpgsqlConnection(_system.ConnectionString(server.Name));
            await connection.OpenAsync();
            await using var preload = new NpgsqlCommand("SHOW shared_preload_libraries", connection);
            Assert.Contains("pg_stat_statements", (string)(await preload.ExecuteScalarAsync())!);
            await using var fsync = new NpgsqlCommand("SHOW fsync", connection);
            Assert.Equal("on", await fsync.ExecuteScalarAsync());
            Assert.Equal("postgres", ProcFs.User(_system.Pid(server.Name)!.Value));
        }
    }

    [Fact]
    public void Each_server_shows_its_data_folder_and_connection_target()
    {
        foreach (var server in _system.Resources.Where(r => r.Property("evently.server") is not null))
        {
            var data = Assert.IsType<string>(server.Property("evently.data"));
            Assert.StartsWith(_system.StateDirectory, data, StringComparison.Ordinal);
            Assert.True(Directory.Exists(data), $"{server.Name}: {data} does not exist");
            Assert.Matches(@"^127\.0\.0\.1:\d+$", Assert.IsType<string>(server.Property("evently.target")));
        }
    }

    [Fact]
    public async Task Booking_shows_its_shard_map()
    {
        var booking = await _system.GetResourceAsync("booking");
        var map = string.Join(", ", Enumerable.Range(0, _system.BookingShards).Select(i => $"{i} → booking-db-{i}"));
        Assert.Equal(map, booking.Property("evently.booking-shards"));
    }

    [Fact]
    public async Task Dashboard_commands_check_consistency_and_give_psql()
    {
        var consistency = await _system.ExecuteCommandAsync("booking", "check-consistency");
        Assert.True(consistency.Success, consistency.Message);
        var report = JsonSerializer.Deserialize<JsonElement>(consistency.Data!.Value);
        Assert.Equal(0, report.GetProperty("oversold_events").GetInt32());

        var psql = await _system.ExecuteCommandAsync("events-db", "psql");
        Assert.True(psql.Success, psql.Message);
        var port = new NpgsqlConnectionStringBuilder(_system.ConnectionString("events-db")).Port;
        Assert.Contains($"psql -h 127.0.0.1 -p {port} -U postgres postgres", psql.Data!.Value, StringComparison.Ordinal);
    }
}
