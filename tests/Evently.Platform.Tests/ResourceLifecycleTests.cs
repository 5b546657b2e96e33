using System.Text.Json.Nodes;
using Evently.Data;
using Evently.Hosting;
using Evently.Hosting.Processes;
using Evently.Testing;
using StackExchange.Redis;

namespace Evently.Platform.Tests;

/// <summary>Stopping, starting and crashing single resources of a running system.</summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class ResourceLifecycleTests(EventlySystemFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly EventlySystem _system = fixture.System;

    [Fact]
    public async Task A_crashed_project_is_restarted_with_a_new_pid()
    {
        var before = await _system.GetResourceAsync("waitlist");
        _system.KillResource("waitlist");

        var after = await Eventually.UntilAsync(() => _system.GetResourceAsync("waitlist"),
            r => r.State == ResourceState.Healthy && r.Pid != before.Pid, Timeout, "waitlist comes back by itself");
        Assert.True(after.RestartCount > before.RestartCount);
        Assert.False(ProcFs.IsAlive(before.Pid!.Value));
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
        await _system.StopResourceAsync("cache");
        var stopped = await _system.GetResourceAsync("cache");
        Assert.Equal(ResourceState.Stopped, stopped.State);
        Assert.Null(stopped.Pid);
        Assert.False(ProcFs.IsAlive(pid));

        // A service that uses the cache reports it Degraded from the connection state, not after a ping times out.
        using var events = new HttpClient { BaseAddress = _system.ServiceUrl("events") };
        var check = await Eventually.UntilAsync(async () => JsonNode.Parse(await events.GetStringAsync("health"))!["checks"]!["cache"]!,
            c => c["description"]?.GetValue<string>() == RedisConnectionHealthCheck.NotConnected, Timeout, "events /health: cache not connected");
        Assert.Equal("Degraded", check["status"]!.GetValue<string>());

        await _system.StartResourceAsync("cache");
        Assert.Equal(ResourceState.Healthy, (await _system.GetResourceAsync("cache")).State);
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(_system.ConnectionString("cache")))
        {
            Assert.Equal("kept", (string?)await redis.GetDatabase().StringGetAsync(key));
        }

        // Services that use the cache recover by themselves.
        await _system.WaitHealthyAsync("events", Timeout);
    }

    [Fact]
    public async Task A_killed_database_server_stays_down_then_starts_again_on_its_data()
    {
        await using (var connection = new Npgsql.NpgsqlConnection(_system.ConnectionString("waitlist-db") + ";Pooling=false"))
        {
            await connection.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand("CREATE TABLE IF NOT EXISTS platform_kill_probe (n int); INSERT INTO platform_kill_probe VALUES (7)", connection);
            await create.ExecuteNonQueryAsync();
        }

        var pid = _system.Pid("waitlist-db")!.Value;
        _system.KillResource("waitlist-db");
        var exited = await Eventually.UntilAsync(() => _system.GetResourceAsync("waitlist-db"),
            r => r.State == ResourceState.Exited, Timeout, "a killed server is reported as exited");
        Assert.Equal(137, exited.ExitCode);
        Assert.False(ProcFs.IsAlive(pid));

        await _system.StartResourceAsync("waitlist-db");
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
        Assert.Equal(ResourceState.Healthy, snapshot.State);
        Assert.Equal("42", snapshot.Environment!["Evently__PlatformProbe"]);

        await _system.RestartResourceAsync("analytics");
        Assert.False((await _system.GetResourceAsync("analytics")).Environment!.ContainsKey("Evently__PlatformProbe"));
    }
}
