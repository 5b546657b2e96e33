using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Evently.Testing;

namespace Evently.Api.Tests.Events;

/// <summary>With Redis stopped the events still read from the database (<c>cached: false</c>) and health says Degraded.</summary>
[Collection("api")]
public sealed class RedisOutageTests(ApiFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Listing_works_uncached_while_redis_is_down_and_caches_again_after()
    {
        using var admin = fixture.System.CreateGatewayClient(await fixture.System.AdminTokenAsync());
        using var anonymous = fixture.System.CreateGatewayClient();
        using var direct = new HttpClient { BaseAddress = fixture.System.ServiceUrl("events") };
        var word = "ro" + Guid.NewGuid().ToString("N")[..12];
        var created = await EventsApi.CreateAsync(admin, EventsApi.ValidBody(name: $"{word} show"));
        var url = $"{EventsApi.Path}?q={word}";
        await EventsApi.GetAsync(anonymous, url);
        await Eventually.UntilAsync(async () => (await EventsApi.GetAsync(anonymous, url)).Body["cached"]!.GetValue<bool>(),
            Patience, "a cached listing before the outage");

        await fixture.System.StopResourceAsync("cache");
        try
        {
            // Every read while Redis is away comes from the database, even what was cached in-process before, once the
            // gateway's short-lived copy of the last cached answer (about a second) has expired.
            await Eventually.UntilAsync(async () => !(await EventsApi.GetAsync(anonymous, url)).Body["cached"]!.GetValue<bool>(),
                Patience, "a listing read from the database");
            for (var i = 0; i < 3; i++)
            {
                var (status, page) = await EventsApi.GetAsync(anonymous, url);
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.False(page["cached"]!.GetValue<bool>());
                Assert.Equal([$"{word} show"], EventsApi.Names(page));
            }

            var (detailStatus, detail) = await EventsApi.GetAsync(anonymous, $"{EventsApi.Path}/{created["id"]}");
            Assert.Equal(HttpStatusCode.OK, detailStatus);
            Assert.False(detail["cached"]!.GetValue<bool>());

            // Writes keep working too, and the change is visible.
            var (putStatus, _) = await EventsApi.SendAsync(admin, HttpMethod.Put, $"{EventsApi.Path}/{created["id"]}",
                new JsonObject { ["name"] = $"{word} renamed" });
            Assert.Equal(HttpStatusCode.OK, putStatus);
            Assert.Equal([$"{word} renamed"], EventsApi.Names((await EventsApi.GetAsync(anonymous, url)).Body));

            using var health = await direct.GetAsync("health");
            var report = await health.Content.ReadFromJsonAsync<JsonObject>();
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("Degraded", report!["status"]!.GetValue<string>());
            Assert.Equal("Degraded", report["checks"]!["cache"]!["status"]!.GetValue<string>());
        }
        finally
        {
            await fixture.System.StartResourceAsync("cache");
        }

        await Eventually.UntilAsync(async () => (await EventsApi.GetAsync(anonymous, url)).Body["cached"]!.GetValue<bool>(),
            Patience, "a cached listing after Redis is back");
        var (_, after) = await EventsApi.GetAsync(anonymous, url);
        Assert.Equal([$"{word} renamed"], EventsApi.Names(after));
    }
}
