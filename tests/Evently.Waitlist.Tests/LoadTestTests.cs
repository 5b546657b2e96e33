using System.Net;
using System.Text.Json;
using Evently.Testing;

namespace Evently.Waitlist.Tests;

/// <summary>The admin load test: bounds, one at a time, results, and booking only against its own event.</summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class LoadTestTests(WaitlistFixture fixture)
{
    private EventlySystem System => fixture.System;

    [Theory]
    [InlineData(10_001, 10, "/api/v1/events")]
    [InlineData(0, 10, "/api/v1/events")]
    [InlineData(10, 301, "/api/v1/events")]
    [InlineData(10, 0, "/api/v1/events")]
    [InlineData(10, 10, "http://example.com/")]
    [InlineData(10, 10, "/api/v1/load-test/start")]
    [InlineData(10, 10, "/api/v1/events/../auth/register")]
    public async Task OutOfBoundsRequestsAre400(int users, int duration, string target)
    {
        using var admin = await System.CreateAdminClientAsync();
        var answer = await Api.SendAsync(admin, HttpMethod.Post, "api/v1/load-test/start",
            new { concurrentUsers = users, duration, targetEndpoint = target });
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
    }

    [Fact]
    public async Task ATestRunsAloneStopsByItselfAndKeepsItsResults()
    {
        using var admin = await System.CreateAdminClientAsync();
        var started = await Api.SendAsync(admin, HttpMethod.Post, "api/v1/load-test/start",
            new { concurrentUsers = 5, duration = 2, targetEndpoint = "/api/v1/events" });
        Assert.Equal(HttpStatusCode.Accepted, started.Status);
        Assert.Equal("running", started.Body.GetProperty("status").GetString());
        Assert.Equal(5, started.Body.GetProperty("concurrent_users").GetInt32());
        var id = started.Body.GetProperty("test_id").GetString()!;

        // snake_case is accepted too; a second test while one runs is refused.
        var second = await Api.SendAsync(admin, HttpMethod.Post, "api/v1/load-test/start",
            new { concurrent_users = 1, duration = 1, target_endpoint = "/api/v1/events" });
        Assert.Equal(HttpStatusCode.Conflict, second.Status);

        var done = await WaitFinishedAsync(admin, id);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        var metrics = done.GetProperty("metrics");
        Assert.True(metrics.GetProperty("total_requests").GetInt64() > 0);
        Assert.Equal(0, metrics.GetProperty("errors").GetInt64());
        Assert.Equal("100%", metrics.GetProperty("success_rate").GetString());
        foreach (var field in new[] { "avg_response_time", "p50", "p95", "p99" })
        {
            Assert.EndsWith("ms", metrics.GetProperty(field).GetString());
        }

        Assert.True(metrics.GetProperty("requests_per_second").GetDouble() > 0);
        Assert.EndsWith("%", metrics.GetProperty("cache_hit_rate").GetString());
        Assert.Equal(0, metrics.GetProperty("oversold").GetInt64());

        // Kept in analytics-db: the same answer later.
        var again = await Api.GetAsync(admin, $"api/v1/load-test/{id}");
        Assert.Equal(metrics.GetProperty("total_requests").GetInt64(), again.Body.GetProperty("metrics").GetProperty("total_requests").GetInt64());

        var (user, _) = await Api.NewUserAsync(System);
        Assert.Equal(HttpStatusCode.Forbidden, (await Api.GetAsync(user, $"api/v1/load-test/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(admin, "api/v1/load-test/load_test_000000000000")).Status);
    }

    [Fact]
    public async Task ABookingTestBooksOnlyItsOwnEventAndCanBeStopped()
    {
        using var admin = await System.CreateAdminClientAsync();
        var realEvent = await admin.CreateEventAsync(capacity: 10);
        var started = await Api.SendAsync(admin, HttpMethod.Post, "api/v1/load-test/start",
            new { concurrentUsers = 4, duration = 120, targetEndpoint = "/api/v1/bookings" });
        Assert.Equal(HttpStatusCode.Accepted, started.Status);
        var id = started.Body.GetProperty("test_id").GetString()!;

        // Let it book something, then stop it long before its duration.
        await Eventually.UntilAsync(async () =>
            (await Api.GetAsync(admin, $"api/v1/load-test/{id}")).Body.GetProperty("metrics").GetProperty("details")
                .GetProperty("seats_booked").GetInt64() > 0, Api.Deadline, "the booking load test should book seats");
        var stopped = await Api.SendAsync(admin, HttpMethod.Post, $"api/v1/load-test/{id}/stop");
        Assert.Equal(HttpStatusCode.OK, stopped.Status);
        var done = await WaitFinishedAsync(admin, id);
        Assert.Equal("stopped", done.GetProperty("status").GetString());

        var eventId = done.GetProperty("load_test_event_id").GetGuid();
        Assert.NotEqual(realEvent, eventId);
        var metrics = done.GetProperty("metrics");
        Assert.Equal(0, metrics.GetProperty("oversold").GetInt64());
        Assert.Equal(0, metrics.GetProperty("errors").GetInt64());
        var seatsBooked = metrics.GetProperty("details").GetProperty("seats_booked").GetInt64();
        Assert.True(seatsBooked > 0);

        // Every booking went to the load-test event, made by load-test users; the real event was never touched,
        // and the load-test event is cancelled afterwards (it never stays on sale).
        var byEvent = await Api.OnShardsAsync<(Guid EventId, long Count)>(System,
            "SELECT event_id, count(*) FROM bookings WHERE event_id = ANY(@ids) GROUP BY event_id", new { ids = new[] { realEvent, eventId } });
        Assert.DoesNotContain(byEvent, r => r.EventId == realEvent);
        Assert.Equal(seatsBooked, Assert.Single(byEvent).Count);
        await Eventually.UntilAsync(async () =>
            (await Api.GetAsync(admin, $"api/v1/events/{eventId}")).Body.GetProperty("status").GetString() == "cancelled",
            Api.Deadline, "the load-test event should be cancelled after the test");
    }

    [Fact]
    public async Task AFollowingTestReusesTheUsersOfTheOneBeforeInsteadOfSigningUpNewOnes()
    {
        // Sign-ups are rate-limited per address: the seed's 100-user test followed by its 1,000-user test must not
        // find the budget spent. The second test here signs nobody up (its first user's email is unknown).
        using var admin = await System.CreateAdminClientAsync();
        string[] ids = ["", ""];
        for (var i = 0; i < ids.Length; i++)
        {
            var started = await Api.SendAsync(admin, HttpMethod.Post, "api/v1/load-test/start",
                new { concurrent_users = 5, duration = 1, target_endpoint = "/api/v1/events" });
            Assert.Equal(HttpStatusCode.Accepted, started.Status);
            ids[i] = started.Body.GetProperty("test_id").GetString()!;
            var done = await WaitFinishedAsync(admin, ids[i]);
            Assert.Equal("completed", done.GetProperty("status").GetString());
            // LoadTest__MaxUsers is 3 in this assembly's system.
            Assert.Equal(3, done.GetProperty("metrics").GetProperty("details").GetProperty("load_test_users").GetInt32());
        }

        var signedUp = await Api.GetAsync(admin, $"api/v1/admin/users?email={ids[1]}-0@load-test.evently.invalid");
        Assert.Equal(HttpStatusCode.NotFound, signedUp.Status);
    }

    private static Task<JsonElement> WaitFinishedAsync(HttpClient admin, string id) =>
        Eventually.UntilAsync(async () => (await Api.GetAsync(admin, $"api/v1/load-test/{id}")).Body,
            b => b.GetProperty("status").GetString() != "running", TimeSpan.FromSeconds(120), $"load test {id} should finish");
}
