using System.Net;
using System.Text.Json.Nodes;
using Evently.Testing;
using StackExchange.Redis;

namespace Evently.Api.Tests.Events;

/// <summary>
/// Listing and detail come from the cache after a first miss, and an admin change is visible in the very next read
/// (tag invalidation, not expiry). Each test reads through its own search word, i.e. its own cache entry.
/// </summary>
[Collection("api")]
public sealed class EventCacheTests(ApiFixture fixture) : EventsTestBase(fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Listing_miss_then_hit_then_a_change_is_seen_at_once_uncached()
    {
        var word = "ca" + Guid.NewGuid().ToString("N")[..12];
        var created = await EventsApi.CreateAsync(Admin, EventsApi.ValidBody(name: $"{word} before"));
        var url = $"{EventsApi.Path}?q={word}";

        var (_, first) = await EventsApi.GetAsync(Anonymous, url);
        Assert.False(first["cached"]!.GetValue<bool>());
        Assert.Equal([$"{word} before"], EventsApi.Names(first));

        // Hit: the same answer, from the cache (polled only because an entry may expire between two calls on a slow box).
        JsonObject hit = first;
        await Eventually.UntilAsync(async () => (hit = (await EventsApi.GetAsync(Anonymous, url)).Body)["cached"]!.GetValue<bool>(),
            Patience, "a cached listing");
        Assert.Equal([$"{word} before"], EventsApi.Names(hit));

        var (status, _) = await EventsApi.SendAsync(Admin, HttpMethod.Put, $"{EventsApi.Path}/{created["id"]}",
            new JsonObject { ["name"] = $"{word} after" });
        Assert.Equal(HttpStatusCode.OK, status);

        var (_, next) = await EventsApi.GetAsync(Anonymous, url);
        Assert.False(next["cached"]!.GetValue<bool>());
        Assert.Equal([$"{word} after"], EventsApi.Names(next));
    }

    [Fact]
    public async Task Detail_miss_then_hit_then_a_change_is_seen_at_once_uncached()
    {
        var created = await EventsApi.CreateAsync(Admin, EventsApi.ValidBody(capacity: 10));
        var url = $"{EventsApi.Path}/{created["id"]}";

        var (_, first) = await EventsApi.GetAsync(Anonymous, url);
        Assert.False(first["cached"]!.GetValue<bool>());
        await Eventually.UntilAsync(async () => (await EventsApi.GetAsync(Anonymous, url)).Body["cached"]!.GetValue<bool>(),
            Patience, "a cached detail");

        await EventsApi.SendAsync(Admin, HttpMethod.Put, url, new JsonObject { ["total_capacity"] = 12 });

        var (_, next) = await EventsApi.GetAsync(Anonymous, url);
        Assert.False(next["cached"]!.GetValue<bool>());
        Assert.Equal(12, next["total_capacity"]!.GetValue<int>());
        Assert.Equal(12, next["available_seats"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_listing_page_is_cached_in_the_replica_only_while_a_detail_is_also_kept_in_redis()
    {
        var word = "cl" + Guid.NewGuid().ToString("N")[..12];
        var created = await EventsApi.CreateAsync(Admin, EventsApi.ValidBody(name: $"{word} listed"));
        var listing = $"{EventsApi.Path}?q={word}";
        var detail = $"{EventsApi.Path}/{created["id"]}";
        await using var redis = await ConnectionMultiplexer.ConnectAsync(Fixture.System.ConnectionString("cache"));
        var server = redis.GetServers()[0];

        // The listing first, then the detail: once the detail's copy is in Redis, a listing copy written before it would be too.
        await EventsApi.GetAsync(Anonymous, listing);
        await Eventually.UntilAsync(async () => (await EventsApi.GetAsync(Anonymous, listing)).Body["cached"]!.GetValue<bool>(),
            Patience, "a cached listing");
        await EventsApi.GetAsync(Anonymous, detail);
        await Eventually.UntilAsync(async () => await server.KeysAsync(pattern: $"evently:events:*{created["id"]!.GetValue<Guid>():N}*").CountAsync() > 0,
            Patience, "the detail's copy in Redis");

        Assert.Equal(0, await server.KeysAsync(pattern: $"evently:events:*{word}*").CountAsync());
    }

    [Fact]
    public async Task Hits_and_misses_are_counted()
    {
        using var direct = new HttpClient { BaseAddress = Fixture.System.ServiceUrl("events") };
        var created = await EventsApi.CreateAsync(Admin, EventsApi.ValidBody());
        var url = $"{EventsApi.Path}/{created["id"]}";
        var before = await EventsApi.ReadAsync(await direct.GetAsync("internal/cache-stats"));

        await EventsApi.GetAsync(Anonymous, url);
        await Eventually.UntilAsync(async () => (await EventsApi.GetAsync(Anonymous, url)).Body["cached"]!.GetValue<bool>(),
            Patience, "a cached detail");

        var after = await EventsApi.ReadAsync(await direct.GetAsync("internal/cache-stats"));
        Assert.True(after["misses"]!.GetValue<long>() > before["misses"]!.GetValue<long>());
        Assert.True(after["hits"]!.GetValue<long>() > before["hits"]!.GetValue<long>());
        Assert.InRange(after["hit_rate"]!.GetValue<double>(), 0, 1);
    }

    [Fact]
    public async Task A_new_event_shows_in_the_next_listing()
    {
        var word = "cn" + Guid.NewGuid().ToString("N")[..12];
        await EventsApi.CreateAsync(Admin, EventsApi.ValidBody(name: $"{word} one"));
        var url = $"{EventsApi.Path}?q={word}";
        await EventsApi.GetAsync(Anonymous, url);
        await Eventually.UntilAsync(async () => (await EventsApi.GetAsync(Anonymous, url)).Body["cached"]!.GetValue<bool>(),
            Patience, "a cached listing");

        await EventsApi.CreateAsync(Admin, EventsApi.ValidBody(name: $"{word} two"));

        var (_, next) = await EventsApi.GetAsync(Anonymous, url);
        Assert.Equal(2, next["total"]!.GetValue<long>());
    }
}
