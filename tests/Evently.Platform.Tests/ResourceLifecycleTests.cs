using System.Text.Json.Nodes;
using Evently.Data;
using Evently.Hosting.Processes;
using Evently.Testing;
using StackExchange.Redis;

namespace Evently.Platform.Tests;

/// <summary>Stopping, starting and crashing single resources of a running system, through Aspire's resource commands.</summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class ResourceLifecycleTests(PlatformFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly EventlySystem _system = fixture.System;

    [Fact]
    public async Task A_crashed_project_is_restarted_with_a_new_pid_and_counted()
    {
        var before = await _system.GetResourceAsync("waitlist");
        var pid = _system.Pid("waitlist")!.Value;
        _system.KillResource("waitlist");

        var after = await Eventually.UntilAsync(() => _system.GetResourceAsync("waitlist"),
            r => r.IsHealthy && r.RestartCount > before.RestartCount && _system.Pid("waitlist") != pid, Timeout, "waitlist comes back by itself");
        Assert.Equal(before.RestartCount + 1, after.RestartCount);
        Assert.False(ProcFs.IsAlive(pid));
    }

    [Fact]
    public async Task A_stopped_server_stays_down_until_started_and_keeps_its_data()
    {
        var key = $"platform-test:{Guid.NewGuid():N}";
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(_system.ConnectionString("cache")))
        {
            await redis.GetDatabase().StringSetAsync(key, "kept");
        }

        var pid = _system.Pid("cache")!.Value;
        var restarts = (await _system.GetResourceAsync("cache")).RestartCount;
        await _system.StopResourceAsync("cache");
        Assert.True((await _system.GetResourceAsync("cache")).IsDown);
        Assert.Null(_system.Pid("cache"));
        Assert.False(ProcFs.IsAlive(pid));

        // A service that uses the cache reports it Degraded from the connection state, not after a ping times out.
        using var events = new HttpClient { BaseAddress = _system.ServiceUrl("events") };
        var check = await Eventually.UntilAsync(async () => JsonNode.Parse(await events.GetStringAsync("health"))!["checks"]!["cache"]!,
            c => c["description"]?.GetValue<string>() == RedisConnectionHealthCheck.NotConnected, Timeout, "events /health: cache not connected");
        Assert.Equal("Degraded", check["status"]!.GetValue<string>());
        // Stopped on purpose: the supervisor leaves it down.
        var stillDown = await _system.GetResourceAsync("cache");
        Assert.True(stillDown.IsDown);
        Assert.Equal(restarts, stillDown.RestartCount);

        await _system.StartResourceAsync("cache");
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(_system.ConnectionString("cache")))
        {
            Assert.Equal("kept", (string?)await redis.GetDatabase().StringGetAsync(key));
        }

        // Services that use the cache recover by themselves.
        await _system.WaitHealthyAsync("events", Timeout);
    }

    [Fact]
    public async Task A_killed_database_server_comes_back_by_itself_on_its_data()
    {
        await using (var connection = new Npgsql.NpgsqlConnection(_system.ConnectionString("waitlist-db") + ";Pooling=false"))
        {
            await connection.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand("CREATE TABLE IF NOT EXISTS platform_kill_probe (n int); INSERT INTO platform_kill_probe VALUES (7)", connection);
            await create.ExecuteNonQueryAsync();
        }

        var pid = _system.Pid("waitlist-db")!.Value;
        var restarts = (await _system.GetResourceAsync("waitlist-db")).RestartCount;
        _system.KillResource("waitlist-db");

        // Nobody starts it: crash recovery runs and the row committed before the kill is there.
        await Eventually.UntilAsync(() => _system.GetResourceAsync("waitlist-db"),
            r => r.IsHealthy && r.RestartCount > restarts, Timeout, "waitlist-db restarted by the supervisor");
        Assert.False(ProcFs.IsAlive(pid));
        await using (var connection = new Npgsql.NpgsqlConnection(_system.ConnectionString("waitlist-db") + ";Pooling=false"))
        {
            await connection.OpenAsync();
            await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM platform_kill_probe WHERE n = 7", connection);
            Assert.True((long)(await count.ExecuteScalarAsync())! >= 1);
        }

        await _system.WaitHealthyAsync("waitlist", Timeout);
    }

    [Fact]
    public async Task Restart_with_environment_overrides_reaches_the_project()
    {
        await _system.RestartResourceAsync("analytics", new Dictionary<string, string> { ["Evently__PlatformProbe"] = "42" });
        var snapshot = await _system.GetResourceAsync("analytics");
        Assert.True(snapshot.IsHealthy);
        Assert.Equal("42", snapshot.Environment["Evently__PlatformProbe"]);

        await _system.RestartResourceAsync("analytics");
        Assert.False((await _system.GetResourceAsync("analytics")).Environment.ContainsKey("Evently__PlatformProbe"));
    }
}
