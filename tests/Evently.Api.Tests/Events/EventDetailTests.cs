using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Evently.Api.Tests.Events;

/// <summary>One event: its fields, 404 for unknown ids (never 500 for odd ones), and cancel keeping it readable.</summary>
[Collection("api")]
public sealed class EventDetailTests(ApiFixture fixture) : EventsTestBase(fixture)
{
    [Fact]
    public async Task Created_event_reads_back_with_capacity_and_seats()
    {
        var body = EventsApi.ValidBody(capacity: 250);
        var created = await EventsApi.CreateAsync(Admin, body);

        var (status, read) = await EventsApi.GetAsync(Anonymous, $"{EventsApi.Path}/{created["id"]}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(body["name"]!.GetValue<string>(), read["name"]!.GetValue<string>());
        Assert.Equal(250, read["total_capacity"]!.GetValue<int>());
        Assert.Equal(250, read["available_seats"]!.GetValue<int>());
        Assert.Equal(25.5m, read["price"]!.GetValue<decimal>());
        Assert.Equal("USD", read["currency"]!.GetValue<string>());
        Assert.Equal("scheduled", read["status"]!.GetValue<string>());
        Assert.Equal(DateTimeOffset.Parse(body["starts_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(read["starts_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotNull(read["cached"]);
    }

    [Fact]
    public async Task Unknown_id_is_404_problem()
    {
        using var response = await Anonymous.GetAsync($"{EventsApi.Path}/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        EventsApi.AssertProblem(response);
        Assert.False((await EventsApi.ReadAsync(response))["success"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("12345")]
    [InlineData("%27%3B%20DROP%20TABLE%20events%3B--")]
    public async Task Malformed_id_is_a_4xx_problem_not_a_500(string id)
    {
        using var response = await Anonymous.GetAsync($"{EventsApi.Path}/{id}");

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"got {(int)response.StatusCode}");
        EventsApi.AssertProblem(response);
    }

    [Fact]
    public async Task Changing_or_cancelling_an_unknown_event_is_404()
    {
        var (putStatus, _) = await EventsApi.SendAsync(Admin, HttpMethod.Put, $"{EventsApi.Path}/{Guid.NewGuid()}", new JsonObject { ["name"] = "x" });
        var (deleteStatus, _) = await EventsApi.SendAsync(Admin, HttpMethod.Delete, $"{EventsApi.Path}/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, putStatus);
        Assert.Equal(HttpStatusCode.NotFound, deleteStatus);
    }

    [Fact]
    public async Task Update_is_partial_and_bumps_the_version()
    {
        var created = await EventsApi.CreateAsync(Admin, EventsApi.ValidBody(venue: "Old Hall"));

        var (status, updated) = await EventsApi.SendAsync(Admin, HttpMethod.Put, $"{EventsApi.Path}/{created["id"]}",
            new JsonObject { ["venue"] = "New Hall", ["price"] = 10 });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("New Hall", updated["venue"]!.GetValue<string>());
        Assert.Equal(10m, updated["price"]!.GetValue<decimal>());
        Assert.Equal(created["name"]!.GetValue<string>(), updated["name"]!.GetValue<string>());
        Assert.Equal(created["total_capacity"]!.GetValue<int>(), updated["total_capacity"]!.GetValue<int>());
        Assert.Equal(created["version"]!.GetValue<long>() + 1, updated["version"]!.GetValue<long>());

        // Sending nothing new changes nothing (no new version, so no EventChanged either).
        var (sameStatus, same) = await EventsApi.SendAsync(Admin, HttpMethod.Put, $"{EventsApi.Path}/{created["id"]}",
            new JsonObject { ["venue"] = "New Hall" });
        Assert.Equal(HttpStatusCode.OK, sameStatus);
        Assert.Equal(updated["version"]!.GetValue<long>(), same["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Cancel_keeps_the_event_readable_and_twice_is_harmless()
    {
        var created = await EventsApi.CreateAsync(Admin, EventsApi.ValidBody());
        var url = $"{EventsApi.Path}/{created["id"]}";

        var (first, cancelled) = await EventsApi.SendAsync(Admin, HttpMethod.Delete, url);
        var (second, again) = await EventsApi.SendAsync(Admin, HttpMethod.Delete, url);
        var (readStatus, read) = await EventsApi.GetAsync(Anonymous, url);

        Assert.Equal(HttpStatusCode.OK, first);
        Assert.Equal(HttpStatusCode.OK, second);
        Assert.Equal("cancelled", cancelled["status"]!.GetValue<string>());
        Assert.Equal(cancelled["version"]!.GetValue<long>(), again["version"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.OK, readStatus);
        Assert.Equal("cancelled", read["status"]!.GetValue<string>());

        // A cancelled event is final.
        var (putStatus, _) = await EventsApi.SendAsync(Admin, HttpMethod.Put, url, new JsonObject { ["name"] = "Back from the dead" });
        Assert.Equal(HttpStatusCode.Conflict, putStatus);
    }

    [Fact]
    public async Task Internal_read_gives_the_current_version_directly_from_the_service()
    {
        var created = await EventsApi.CreateAsync(Admin, EventsApi.ValidBody());
        await EventsApi.SendAsync(Admin, HttpMethod.Put, $"{EventsApi.Path}/{created["id"]}", new JsonObject { ["name"] = "Renamed" });

        using var direct = new HttpClient { BaseAddress = Fixture.System.ServiceUrl("events") };
        var read = await direct.GetFromJsonAsync<JsonObject>($"internal/events/{created["id"]}");

        Assert.Equal("Renamed", read!["name"]!.GetValue<string>());
        Assert.Equal(created["version"]!.GetValue<long>() + 1, read["version"]!.GetValue<long>());

        // The gateway never exposes /internal.
        using var viaGateway = await Anonymous.GetAsync($"internal/events/{created["id"]}");
        Assert.NotEqual(HttpStatusCode.OK, viaGateway.StatusCode);
    }
}
