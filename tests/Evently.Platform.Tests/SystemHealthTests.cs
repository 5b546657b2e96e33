using System.Net;
using System.Text.Json;
using Evently.Hosting;
using Evently.Hosting.Processes;
using Evently.Testing;
using Npgsql;

namespace Evently.Platform.Tests;

/// <summary>The whole graph boots healthy, and the gateway reaches every service.</summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class SystemHealthTests(EventlySystemFixture fixture)
{
    private readonly EventlySystem _system = fixture.System;

    [Fact]
    public void Every_resource_is_healthy_with_a_live_process()
    {
        var expected = new[] { "identity-db", "events-db", "waitlist-db", "analytics-db", "cache", "messaging", "gateway", "events", "booking", "waitlist", "analytics" }
            .Concat(Enumerable.Range(0, _system.BookingShards).Select(i => $"booking-db-{i}"));
        Assert.Equal(expected.Order(), _system.Resources.Select(r => r.Name).Order());
        Assert.All(_system.Resources, r =>
        {
            Assert.Equal(ResourceState.Healthy, r.State);
            Assert.True(r.Pid is { } pid && ProcFs.IsAlive(pid), $"{r.Name}: pid {r.Pid} is not alive");
        });
    }

    [Fact]
    public void The_message_broker_runs_at_a_lower_cpu_priority_than_the_services()
    {
        var broker = Assert.Single(_system.Resources, r => r.Name == "messaging");
        var gateway = Assert.Single(_system.Resources, r => r.Name == "gateway");
        Assert.Equal(10, ProcFs.Nice(broker.Pid!.Value));
        Assert.Equal(0, ProcFs.Nice(gateway.Pid!.Value));
        // Linux shares CPU between sessions before threads, so the broker's session carries the niceness too.
        if (File.Exists($"/proc/{broker.Pid}/autogroup"))
        {
            Assert.EndsWith(" nice 10", File.ReadAllText($"/proc/{broker.Pid}/autogroup").TrimEnd());
            Assert.EndsWith(" nice 0", File.ReadAllText($"/proc/{gateway.Pid}/autogroup").TrimEnd());
        }
    }

    [Theory]
    [InlineData("gateway")]
    [InlineData("events")]
    [InlineData("booking")]
    [InlineData("waitlist")]
    [InlineData("analytics")]
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
        foreach (var service in new[] { "events", "booking", "waitlist", "analytics" })
        {
            Assert.True(checks.TryGetProperty(service, out var check), $"gateway /health has no '{service}' check: {body}");
            Assert.Equal("Healthy", check.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Every_postgres_server_loads_pg_stat_statements_and_keeps_fsync_on()
    {
        foreach (var server in _system.Resources.Where(r => r.Type == ResourceTypes.PostgreSQL))
        {
            await using var connection = new NpgsqlConnection(_system.ConnectionString(server.Name));
            await connection.OpenAsync();
            await using var preload = new NpgsqlCommand("SHOW shared_preload_libraries", connection);
            Assert.Contains("pg_stat_statements", (string)(await preload.ExecuteScalarAsync())!);
            await using var fsync = new NpgsqlCommand("SHOW fsync", connection);
            Assert.Equal("on", await fsync.ExecuteScalarAsync());
        }
    }

    [Fact]
    public void Booking_shard_map_names_each_shard_server()
    {
        Assert.Equal(
            Enumerable.Range(0, _system.BookingShards).ToDictionary(i => i, i => $"booking-db-{i}"),
            _system.BookingShardMap);
    }

    [Fact]
    public async Task Control_api_requires_the_dashboard_token()
    {
        using var http = new HttpClient { BaseAddress = _system.DashboardUrl };
        using var anonymous = await http.GetAsync("api/resources");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var withToken = await http.GetAsync($"api/resources?t={_system.DashboardToken}");
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
    }
}
