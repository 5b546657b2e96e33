using System.Net;
using System.Text.Json;
using Evently.Testing;

namespace Evently.Waitlist.Tests;

/// <summary><c>/api/v1/tracing/metrics</c>: the seed's fields, from real counters of every service, moving with traffic.</summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class MetricsTests(WaitlistFixture fixture)
{
    private EventlySystem System => fixture.System;

    [Fact]
    public async Task FiguresArePresentAndMoveWithTraffic()
    {
        using var admin = await System.CreateAdminClientAsync();
        var before = await MetricsAsync(admin);
        var requestsBefore = before.GetProperty("request_metrics").GetProperty("total_requests_last_hour").GetInt64();

        // Traffic through the gateway from a region, including cached listing reads.
        using var client = System.CreateGatewayClient();
        client.DefaultRequestHeaders.Add("X-Client-Region", "Europe");
        for (var i = 0; i < 30; i++)
        {
            using var response = await client.GetAsync("api/v1/events");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var after = await Eventually.UntilAsync(() => MetricsAsync(admin),
            m => m.GetProperty("request_metrics").GetProperty("total_requests_last_hour").GetInt64() >= requestsBefore + 30,
            Api.Deadline, "the gateway's request count should include the 30 requests");

        var system = after.GetProperty("system_performance");
        Assert.True(system.GetProperty("active_connections").GetInt64() >= 1);
        Assert.EndsWith("%", system.GetProperty("database_pool_usage").GetString());
        Assert.Matches("^[0-9.]+(KB|MB|GB)$", system.GetProperty("cache_memory_usage").GetString()!);
        Assert.EndsWith("ms", system.GetProperty("average_query_time").GetString());
        Assert.True(system.GetProperty("details").GetProperty("database_pool_max").GetInt64() > 0);

        var requests = after.GetProperty("request_metrics");
        Assert.True(requests.GetProperty("requests_per_second").GetDouble() > 0);
        Assert.EndsWith("%", requests.GetProperty("error_rate").GetString());
        Assert.EndsWith("ms", requests.GetProperty("p95_response_time").GetString());
        Assert.True(requests.GetProperty("rate_limit_hits").GetInt64() >= 0);
        Assert.EndsWith("%", requests.GetProperty("cache_hit_rate").GetString());
        Assert.True(requests.GetProperty("details").GetProperty("cache_hits").GetInt64() > 0, "30 listing reads should hit the cache");
        Assert.Equal("gateway", requests.GetProperty("details").GetProperty("source").GetString());
        Assert.True(requests.GetProperty("geographic_distribution").TryGetProperty("europe", out var europe));
        Assert.EndsWith("%", europe.GetString());

        foreach (var service in new[] { "gateway", "events", "booking", "waitlist", "analytics" })
        {
            Assert.Equal("ok", after.GetProperty("services").GetProperty(service).GetProperty("status").GetString());
        }

        var (user, _) = await Api.NewUserAsync(System);
        Assert.Equal(HttpStatusCode.Forbidden, (await Api.GetAsync(user, "api/v1/tracing/metrics")).Status);
    }

    private static async Task<JsonElement> MetricsAsync(HttpClient admin)
    {
        var answer = await Api.GetAsync(admin, "api/v1/tracing/metrics");
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        return answer.Body;
    }
}
