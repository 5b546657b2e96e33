using System.Net;
using Evently.Api.Tests.Support;
using Evently.Testing;

namespace Evently.Api.Tests.Proxy;

[Collection(ApiCollection.Name)]
public sealed class DownstreamOutageTests(ApiFixture fixture)
{
    private readonly EventlySystem _system = fixture.System;

    /// <summary>With a service stopped, its routes answer a 502 problem naming it and health reports it; the rest still work.</summary>
    [Fact]
    public async Task A_stopped_service_is_a_502_problem_and_shows_in_health()
    {
        using var client = _system.CreateGatewayClient();
        await _system.StopResourceAsync("analytics");
        try
        {
            using var response = await client.GetAsync("api/v1/analytics");
            var problem = await Problem.AssertAsync(response, HttpStatusCode.BadGateway);
            Assert.Contains("analytics", Problem.Detail(problem), StringComparison.Ordinal);
            Assert.NotNull(response.Headers.RetryAfter);

            using var health = await client.GetAsync("health");
            var checks = (await Json.ReadAsync(health)).GetProperty("checks");
            Assert.NotEqual("Healthy", checks.GetProperty("analytics").GetProperty("status").GetString());

            using var events = await client.GetAsync("api/v1/events");
            Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        }
        finally
        {
            await _system.StartResourceAsync("analytics");
        }
    }
}
