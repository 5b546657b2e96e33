using System.Diagnostics;
using System.Net;
using Evently.Api.Tests.Support;
using Evently.Testing;

namespace Evently.Api.Tests.Proxy;

[Collection(ApiCollection.Name)]
public sealed class ProxyTests(ApiFixture fixture)
{
    private readonly EventlySystem _system = fixture.System;

    [Fact]
    public async Task Health_reports_every_downstream_service_and_the_identity_database()
    {
        using var client = _system.CreateGatewayClient();

        using var response = await client.GetAsync("health");

        var checks = (await Json.ReadAsync(response)).GetProperty("checks");
        foreach (var name in new[] { "events", "booking", "waitlist", "analytics", "identity-db" })
        {
            Assert.True(checks.TryGetProperty(name, out var check), $"no check {name}: {checks}");
            Assert.Equal("Healthy", check.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task The_event_listing_is_served_by_the_events_service()
    {
        using var client = _system.CreateGatewayClient();

        using var response = await client.GetAsync("api/v1/events");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(System.Text.Json.JsonValueKind.Array, (await Json.ReadAsync(response)).GetProperty("events").ValueKind);
    }

    /// <summary>
    /// The gateway authorizes nothing on proxied routes, so a 401 on them can only come from the service; and the
    /// trace id the client sent comes back in that service's problem: the trace continues through the proxy.
    /// </summary>
    [Theory]
    [InlineData("GET", "api/v1/bookings")]
    [InlineData("POST", "api/v1/bookings")]
    [InlineData("GET", "api/v1/admin/consistency")]
    [InlineData("POST", "api/v1/waitlist")]
    [InlineData("GET", "api/v1/analytics")]
    [InlineData("GET", "api/v1/tracing/metrics")]
    public async Task Each_route_group_reaches_its_service_in_the_same_trace(string method, string path)
    {
        using var client = _system.CreateGatewayClient();
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        if (method == "POST")
        {
            request.Content = Json.Raw("{}");
        }

        using var response = await client.SendAsync(request);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(traceId.ToString(), problem.GetProperty("trace_id").GetString());
    }

    [Theory]
    [InlineData("internal/health")]
    [InlineData("internal/events")]
    [InlineData("api/v1/internal/events")]
    [InlineData("api/v1/events/../../../internal/events")]
    public async Task Internal_endpoints_are_never_exposed(string path)
    {
        using var client = _system.CreateGatewayClient();

        using var response = await client.GetAsync(path);

        await Problem.AssertAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_unknown_api_route_is_a_404_problem()
    {
        using var client = _system.CreateGatewayClient();

        using var response = await client.GetAsync("api/v1/nothing-here");

        await Problem.AssertAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem()
    {
        var (token, _, _) = await _system.CreateGatewayClient().RegisterUserAsync();
        using var client = _system.CreateGatewayClient(token);
        // Ask before sending the body: the gateway refuses on the declared length and closes the connection,
        // which can cut off the answer while a client is still uploading. (A chunked upload over the limit has
        // that race by nature; it is left to the bad-input corpus, which also uses 100-continue.)
        client.DefaultRequestHeaders.ExpectContinue = true;
        var big = "{\"event_id\": \"" + new string('x', 70 * 1024) + "\", \"quantity\": 1}";

        using var declared = await client.PostAsync("api/v1/bookings", Json.Raw(big));

        await Problem.AssertAsync(declared, HttpStatusCode.RequestEntityTooLarge);
    }
}
