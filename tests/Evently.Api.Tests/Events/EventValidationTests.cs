using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Evently.Testing;

namespace Evently.Api.Tests.Events;

/// <summary>Each field rule of an event answers 400 problem+json naming the field; the boundaries are accepted.</summary>
[Collection("api")]
public sealed class EventValidationTests(ApiFixture fixture) : IAsyncLifetime
{
    private HttpClient _admin = null!;

    public async Task InitializeAsync() => _admin = fixture.System.CreateGatewayClient(await fixture.System.AdminTokenAsync());

    public Task DisposeAsync()
    {
        _admin.Dispose();
        return Task.CompletedTask;
    }

    public static TheoryData<string, string, string> InvalidFields() => new()
    {
        // field that breaks the rule, JSON value, field expected in errors
        { "name", "\"\"", "name" },
        { "name", "null", "name" },
        { "name", $"\"{new string('x', 201)}\"", "name" },
        { "total_capacity", "0", "total_capacity" },
        { "total_capacity", "1000001", "total_capacity" },
        { "total_capacity", "null", "total_capacity" },
        { "starts_at", "\"2020-01-01T10:00:00Z\"", "starts_at" },
        { "ends_at", "\"2020-01-01T10:00:00Z\"", "ends_at" },
        { "price", "-0.01", "price" },
        { "currency", "\"US\"", "currency" },
        { "currency", "\"U$D\"", "currency" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task Create_rejects_each_invalid_field_with_a_field_error(string field, string value, string errorField)
    {
        var body = EventsApi.ValidBody();
        body[field] = JsonNode.Parse(value);

        using var response = await _admin.PostAsJsonAsync(EventsApi.Path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        EventsApi.AssertProblem(response);
        var problem = await EventsApi.ReadAsync(response);
        Assert.False(problem["success"]!.GetValue<bool>());
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(errorField), $"expected an error for {errorField}: {problem}");
        Assert.Single(errors);
    }

    [Fact]
    public async Task Create_accepts_the_boundaries()
    {
        var body = EventsApi.ValidBody(name: new string('b', 200), capacity: 1_000_000);
        body["price"] = 0;

        var created = await EventsApi.CreateAsync(_admin, body);

        Assert.Equal(1_000_000, created["total_capacity"]!.GetValue<int>());
        Assert.Equal(1_000_000, created["available_seats"]!.GetValue<int>());
        Assert.Equal("scheduled", created["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_reports_every_broken_rule_at_once()
    {
        var body = new JsonObject { ["name"] = "", ["total_capacity"] = 0, ["price"] = -1, ["currency"] = "x" };

        using var response = await _admin.PostAsJsonAsync(EventsApi.Path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await EventsApi.ReadAsync(response))["errors"]!.AsObject();
        Assert.Equal(["currency", "ends_at", "name", "price", "starts_at", "total_capacity"], errors.Select(e => e.Key).Order());
    }

    [Fact]
    public async Task Wrong_json_types_are_a_400_not_a_500()
    {
        using var content = new StringContent("""{"name":"x","total_capacity":"many"}""", System.Text.Encoding.UTF8, "application/json");
        using var response = await _admin.PostAsync(EventsApi.Path, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        EventsApi.AssertProblem(response);
    }

    [Fact]
    public async Task Update_validates_the_merged_event()
    {
        var created = await EventsApi.CreateAsync(_admin, EventsApi.ValidBody());
        var id = created["id"]!.GetValue<string>();

        // Moving the end before the unchanged start breaks ends_at; a new start in the past breaks starts_at.
        var (status, problem) = await EventsApi.SendAsync(_admin, HttpMethod.Put, $"{EventsApi.Path}/{id}",
            new JsonObject { ["ends_at"] = created["starts_at"]!.GetValue<string>() });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("ends_at"));

        (status, problem) = await EventsApi.SendAsync(_admin, HttpMethod.Put, $"{EventsApi.Path}/{id}",
            new JsonObject { ["starts_at"] = "2020-01-01T00:00:00Z" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("starts_at"));

        (status, problem) = await EventsApi.SendAsync(_admin, HttpMethod.Put, $"{EventsApi.Path}/{id}",
            new JsonObject { ["total_capacity"] = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("total_capacity"));
    }
}
