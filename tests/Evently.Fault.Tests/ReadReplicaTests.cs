using System.Net;
using System.Text.Json;
using Evently.Testing;
using Npgsql;

namespace Evently.Fault.Tests;

/// <summary>
/// events-db-replica, the streaming standby of events-db: writes reach it, the events service reads from it and falls
/// back to the primary while it is away, the supervisor brings a killed one back streaming, and its lag is reported.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class ReadReplicaTests(FaultFixture fixture)
{
    private const string Standby = "events-db-replica";

    /// <summary>Generous: two cores shared with a whole system (replication itself takes milliseconds).</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private EventlySystem System => fixture.System;

    [Fact]
    public async Task A_created_event_is_listed_at_once_and_reaches_the_standby_within_the_deadline()
    {
        using var admin = await fixture.AdminAsync();
        var (id, name) = await CreateEventAsync(admin);

        // Read-your-writes: the listing right after the write has it, wherever the read went.
        Assert.Contains(id, await ListAsync(name));

        await Eventually.UntilAsync(() => OnStandbyAsync(id), Deadline, "the new event should be replayed on the standby");
        await using var standby = await OpenAsync(Standby);
        Assert.Equal(true, await ScalarAsync(standby, "SELECT pg_is_in_recovery()"));
        var write = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(standby, "CREATE TABLE must_fail (id int)"));
        Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, write.SqlState);

        // The primary sees it streaming through its slot (another test may just have restarted it: it catches up first).
        await using var primary = await OpenAsync("events-db");
        await Eventually.UntilAsync(async () => "streaming" == (string?)await ScalarAsync(primary,
                $"SELECT r.state FROM pg_stat_replication r JOIN pg_replication_slots s ON s.active_pid = r.pid WHERE r.application_name = '{Standby}' AND s.slot_name = 'events_db_replica'"),
            Deadline, "the primary should stream to the standby through its slot");
    }

    [Fact]
    public async Task Listings_and_details_keep_answering_from_the_primary_with_the_standby_stopped()
    {
        using var admin = await fixture.AdminAsync();
        await WaitReadsFromAsync(admin, "standby");

        await System.StopResourceAsync(Standby);
        Guid id;
        try
        {
            string name;
            (id, name) = await CreateEventAsync(admin);
            Assert.Contains(id, await ListAsync(name));
            using (var anonymous = System.CreateGatewayClient())
            {
                var (status, body) = await FaultApi.SendAsync(anonymous, HttpMethod.Get, $"api/v1/events/{id}");
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.Equal(name, body!["name"]!.GetValue<string>());
            }

            await WaitReadsFromAsync(admin, "primary");
            using var http = new HttpClient();
            using var health = await http.GetAsync(new Uri(System.ServiceUrl("events"), "health"));
            var report = JsonSerializer.Deserialize<JsonElement>(await health.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("Degraded", report.GetProperty("checks").GetProperty(Standby).GetProperty("status").GetString());
            Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("events-db").GetProperty("status").GetString());
        }
        finally
        {
            await System.StartResourceAsync(Standby);
        }

        // Back: it catches up on what was written meanwhile, and reads return to it.
        await Eventually.UntilAsync(() => OnStandbyAsync(id), Deadline, "the standby should catch up after its restart");
        await WaitReadsFromAsync(admin, "standby");
    }

    [Fact]
    public async Task A_killed_standby_is_restarted_by_the_supervisor_and_streams_again()
    {
        var before = await System.GetResourceAsync(Standby);
        var pid = System.Pid(Standby);
        System.KillResource(Standby);

        await Eventually.UntilAsync(() => System.GetResourceAsync(Standby), r => r.IsHealthy && r.RestartCount > before.RestartCount,
            TimeSpan.FromSeconds(120), "the supervisor should start the killed standby again");
        Assert.NotEqual(pid, System.Pid(Standby));

        using var admin = await fixture.AdminAsync();
        var (id, _) = await CreateEventAsync(admin);
        await Eventually.UntilAsync(() => OnStandbyAsync(id), Deadline, "the restarted standby should stream new writes");
    }

    [Fact]
    public async Task The_replica_lag_and_where_reads_go_are_in_the_system_metrics()
    {
        using var admin = await fixture.AdminAsync();
        var metrics = await WaitReadsFromAsync(admin, "standby");
        var system = metrics.GetProperty("system_performance");
        var lag = system.GetProperty("replica_lag_ms");
        Assert.Equal(JsonValueKind.Number, lag.ValueKind);
        Assert.InRange(lag.GetDouble(), 0, 1000);

        var replica = Assert.Single(system.GetProperty("details").GetProperty("replicas").EnumerateArray());
        Assert.Equal("events", replica.GetProperty("service").GetString());
        Assert.Equal(Standby, replica.GetProperty("replica").GetString());
        Assert.Equal("streaming", replica.GetProperty("state").GetString());
        Assert.Equal(1000, replica.GetProperty("max_lag_ms").GetDouble());
        Assert.Equal(JsonValueKind.Number, replica.GetProperty("lag_bytes").ValueKind);
    }

    private static async Task<(Guid Id, string Name)> CreateEventAsync(HttpClient admin)
    {
        var name = $"Replica test {Guid.NewGuid():N}";
        return (await admin.CreateEventAsync(100, name: name, startsAt: DateTimeOffset.UtcNow.AddDays(40 + Random.Shared.Next(300))), name);
    }

    /// <summary>The listing filtered on the event's unique name: a new cache key, so a read of the database.</summary>
    private async Task<IReadOnlyList<Guid>> ListAsync(string name)
    {
        using var anonymous = System.CreateGatewayClient();
        var (status, body) = await FaultApi.SendAsync(anonymous, HttpMethod.Get, $"api/v1/events?q={Uri.EscapeDataString(name)}");
        Assert.Equal(HttpStatusCode.OK, status);
        return [.. body!["events"]!.AsArray().Select(e => e!["id"]!.GetValue<Guid>())];
    }

    private async Task<bool> OnStandbyAsync(Guid id)
    {
        try
        {
            await using var standby = await OpenAsync(Standby);
            return (long)(await ScalarAsync(standby, $"SELECT count(*) FROM events WHERE id = '{id}'"))! == 1;
        }
        catch (NpgsqlException)
        {
            return false; // still starting
        }
    }

    /// <summary>Waits until the system metrics say reads go to <paramref name="source"/>; returns those metrics.</summary>
    private static Task<JsonElement> WaitReadsFromAsync(HttpClient admin, string source) =>
        Eventually.UntilAsync(async () =>
        {
            using var response = await admin.GetAsync("api/v1/tracing/metrics");
            return JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
        }, m => m.TryGetProperty("system_performance", out var s) && s.GetProperty("replica_reads_from").GetString() == source,
            Deadline, $"the events service should read from the {source}");

    /// <summary>Unpooled: these tests stop and kill the standby, and a pooled connection would fail its next command.</summary>
    private async Task<NpgsqlConnection> OpenAsync(string resource)
    {
        var connection = new NpgsqlConnection(System.ConnectionString(resource) + ";Pooling=false;Timeout=5");
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
