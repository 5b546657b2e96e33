using System.Net;
using System.Text.Json.Nodes;
using Evently.Api.Tests.Events;
using Evently.Testing;

namespace Evently.Api.Tests.Proxy;

/// <summary>
/// The gateway keeps the events service's cached reads for about a second (answered with an <c>Age</c> header), never
/// keeps an uncached one, and drops what it keeps when an event is written through it.
/// </summary>
[Collection("api")]
public sealed class GatewayReadCacheTests(ApiFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private HttpClient _admin = null!;
    private HttpClient _user = null!;

    public async Task InitializeAsync()
    {
        _admin = fixture.System.CreateGatewayClient(await fixture.System.AdminTokenAsync());
        _user = fixture.System.CreateGatewayClient(await EventsApi.UserTokenAsync(fixture.System));
    }

    public Task DisposeAsync()
    {
        _admin.Dispose();
        _user.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Cached_detail_is_served_by_the_gateway_until_a_write_evicts_it()
    {
        var created = await EventsApi.CreateAsync(_admin, EventsApi.ValidBody(capacity: 10));
        var url = $"{EventsApi.Path}/{created["id"]}";

        // The first read is a miss in the events service: the gateway must not keep it.
        using (var miss = await _user.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, miss.StatusCode);
            Assert.Equal("miss", Header(miss, "X-Cache"));
            Assert.Null(Header(miss, "Age"));
        }

        // Polled: on a slow machine the kept copy may expire between two reads.
        await Eventually.UntilAsync(async () =>
        {
            using var read = await _user.GetAsync(url);
            return Header(read, "Age") is not null && Header(read, "X-Cache") == "hit"
                && (await EventsApi.ReadAsync(read))["cached"]!.GetValue<bool>();
        }, Patience, "a detail answered from the gateway's cache");

        var (status, _) = await EventsApi.SendAsync(_admin, HttpMethod.Put, url, new JsonObject { ["total_capacity"] = 12 });
        Assert.Equal(HttpStatusCode.OK, status);

        using var after = await _user.GetAsync(url);
        Assert.Null(Header(after, "Age"));
        Assert.Equal(12, (await EventsApi.ReadAsync(after))["total_capacity"]!.GetValue<int>());
    }

    [Fact]
    public async Task Unknown_events_and_bad_queries_are_never_kept()
    {
        var unknown = $"{EventsApi.Path}/{Guid.NewGuid()}";
        for (var i = 0; i < 3; i++)
        {
            using var notFound = await _user.GetAsync(unknown);
            Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
            Assert.Null(Header(notFound, "Age"));

            using var bad = await _user.GetAsync($"{EventsApi.Path}?page_size=1000");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Null(Header(bad, "Age"));
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? values.FirstOrDefault()
            : null;
}
