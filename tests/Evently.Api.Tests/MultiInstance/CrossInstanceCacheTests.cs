using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Evently.Api.Tests.Events;
using Evently.Testing;
using Npgsql;

namespace Evently.Api.Tests.MultiInstance;

/// <summary>
/// A write seen by one instance reaches every other instance's in-memory copy long before that copy would expire (within
/// milliseconds when the machine is quiet): the events service's L1 drops what another replica invalidated, and a
/// gateway drops its copies of an event changed without passing it. The bounds are the copies' lives, not a second, so
/// a loaded machine cannot fail what only an announced invalidation can explain.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CrossInstanceCacheTests(ApiFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    // The gateway's copies live a minute in that test.
    private static readonly TimeSpan WellBeforeTheGatewayCopyExpires = TimeSpan.FromSeconds(10);

    // Events:CacheSeconds, less a margin for the clock.
    private static readonly TimeSpan CopyLife = TimeSpan.FromSeconds(4.5);
    private HttpClient _admin = null!;

    public async Task InitializeAsync() => _admin = fixture.System.CreateGatewayClient(await fixture.System.AdminTokenAsync());

    public Task DisposeAsync()
    {
        _admin.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_invalidation_announced_by_another_events_replica_drops_this_replicas_copy()
    {
        using var events = new HttpClient { BaseAddress = fixture.System.ServiceUrl("events") };
        var created = await EventsApi.CreateAsync(_admin, EventsApi.ValidBody(capacity: 10));
        var id = created["id"]!.GetValue<Guid>();
        var url = $"{EventsApi.Path}/{id}";
        // The copy is made after this starts and lives 5 s: a rename seen before then can only come from the invalidation.
        var copyAge = Stopwatch.StartNew();
        await Eventually.UntilAsync(async () => (await EventsApi.GetAsync(events, url)).Body["cached"]!.GetValue<bool>(),
            Patience, "the detail in this replica's cache");

        await SharedRedis.WaitForListenersAsync(fixture.System.ConnectionString("cache"));

        // Another replica renames the event and announces it; this one never saw the write.
        var renamed = "renamed " + Guid.NewGuid().ToString("N")[..8];
        await using (var db = new NpgsqlConnection(fixture.System.ConnectionString("events-db")))
        {
            await db.ExecuteAsync("UPDATE events SET name = @renamed WHERE id = @id", new { renamed, id });
        }

        // This replica refills from the standby: a refill racing the standby's replay would cache the old name again
        // (the writing replica's own write fence covers that in the service; this test wrote past it).
        await using (var standby = new NpgsqlConnection(fixture.System.ConnectionString("events-db-replica")))
        {
            await Eventually.UntilAsync(async () => await standby.ExecuteScalarAsync<string>("SELECT name FROM events WHERE id = @id", new { id }) == renamed,
                Patience, "the standby replaying the rename");
        }

        await SharedRedis.AnnounceInvalidationAsync(fixture.System.ConnectionString("cache"), $"event:{id:N}");

        var beforeTheCopyExpires = CopyLife - copyAge.Elapsed;
        Assert.True(beforeTheCopyExpires > TimeSpan.FromSeconds(1), $"setting up took {copyAge.Elapsed}: the copy may expire before the check");
        await Eventually.UntilAsync(async () => (await EventsApi.GetAsync(events, url)).Body["name"]!.GetValue<string>() == renamed,
            beforeTheCopyExpires, "the renamed event read through this replica before its own copy expired");
    }

    [Fact]
    public async Task An_event_written_past_this_gateway_is_evicted_from_its_cache()
    {
        // Gateway copies normally live a second: kept a minute here, only an announced eviction can explain a fresh read.
        await fixture.System.RestartResourceAsync("gateway",
            new Dictionary<string, string>(ApiFixture.GatewayEnvironment) { ["Gateway__EventReadsCache__Seconds"] = "60" });
        try
        {
            using var user = fixture.System.CreateGatewayClient(await EventsApi.UserTokenAsync(fixture.System));
            var created = await EventsApi.CreateAsync(_admin, EventsApi.ValidBody(capacity: 10));
            var url = $"{EventsApi.Path}/{created["id"]}";
            await Eventually.UntilAsync(async () =>
            {
                using var read = await user.GetAsync(url);
                return read.Headers.Age is not null;
            }, Patience, "the detail in the gateway's cache");

            await SharedRedis.WaitForListenersAsync(fixture.System.ConnectionString("cache"));

            // The write goes to the events service directly, as it would through another gateway.
            using var events = new HttpClient { BaseAddress = fixture.System.ServiceUrl("events") };
            events.DefaultRequestHeaders.Authorization = _admin.DefaultRequestHeaders.Authorization;
            var (status, _) = await EventsApi.SendAsync(events, HttpMethod.Put, url, new JsonObject { ["total_capacity"] = 12 });
            Assert.Equal(HttpStatusCode.OK, status);

            await Eventually.UntilAsync(async () =>
            {
                using var read = await user.GetAsync(url);
                return read.Headers.Age is null && (await EventsApi.ReadAsync(read))["total_capacity"]!.GetValue<int>() == 12;
            }, WellBeforeTheGatewayCopyExpires, "the changed event read through the gateway");
        }
        finally
        {
            await fixture.System.RestartResourceAsync("gateway");
        }
    }
}
