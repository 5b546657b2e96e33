using System.Net;
using Evently.Testing;

namespace Evently.Fault.Tests;

/// <summary>
/// Redis stopped: the listing is served from the database (<c>cached: false</c>) and bookings (atomic strategy) go on;
/// the redis-lock strategy answers a clear 503 instead of guessing.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class RedisOutageTests(FaultFixture fixture)
{
    private const string RedisDown = "Booking is temporarily unavailable: the lock service (Redis) cannot be reached. Please retry shortly.";

    [Fact]
    public async Task Without_redis_listing_and_atomic_booking_work_and_redis_lock_answers_503()
    {
        var system = fixture.System;
        var users = await fixture.UsersAsync();
        using var admin = await fixture.AdminAsync();
        using var anonymous = system.CreateGatewayClient();
        Guid[] events = [await FaultApi.CreateEventAsync(admin, FaultApi.LoadCapacity), await FaultApi.CreateEventAsync(admin, FaultApi.LoadCapacity)];

        await using var load = BookingLoad.Start(system, users, events);
        await load.WaitForMoreAsync(events, 10, TimeSpan.FromSeconds(90), "bookings before the outage");

        await system.StopResourceAsync("cache");
        try
        {
            // From the database (cached: false) once the gateway's copy of any earlier cached answer (about a second) expired.
            await Eventually.UntilAsync(async () =>
            {
                var (status, page) = await FaultApi.SendAsync(anonymous, HttpMethod.Get, "api/v1/events?page_size=5");
                Assert.True(status == HttpStatusCode.OK, $"listing answered {(int)status}: {page}");
                return !page!["cached"]!.GetValue<bool>();
            }, TimeSpan.FromSeconds(15), "a listing read from the database while Redis is down");
            await load.WaitForMoreAsync(events, 10, TimeSpan.FromSeconds(90), "atomic bookings while Redis is down");
        }
        finally
        {
            await system.StartResourceAsync("cache");
        }

        await load.WaitForMoreAsync(events, 5, TimeSpan.FromSeconds(90), "bookings after Redis is back");
        await load.StopAsync();
        await Invariants.AssertHoldAsync(system, admin, load, events);

        // The redis-lock strategy cannot book without its lock service: a clear 503, and nothing written.
        await system.RestartResourceAsync("booking", new Dictionary<string, string> { ["Booking__Strategy"] = "redis-lock" });
        try
        {
            using var user = system.CreateGatewayClient(users[1].Token);
            var (primed, primedBody) = await FaultApi.BookAsync(user, events[0], 1);
            Assert.True(primed == HttpStatusCode.Created, $"redis-lock booking with Redis up answered {(int)primed}: {primedBody}");

            await system.StopResourceAsync("cache");
            try
            {
                // Until the Redis client notices the lost connection the lock only reads as busy (409); never a booking.
                (HttpStatusCode Status, System.Text.Json.Nodes.JsonObject? Body) last = default;
                await Eventually.UntilAsync(async () =>
                {
                    last = await FaultApi.BookAsync(user, events[0], 1);
                    Assert.True(last.Status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.Conflict, $"{(int)last.Status}: {last.Body}");
                    return last.Status == HttpStatusCode.ServiceUnavailable;
                }, TimeSpan.FromSeconds(60), "redis-lock answering 503 with Redis down");
                Assert.Equal(RedisDown, last.Body!["error"]!.GetValue<string>());
                await Invariants.AssertConsistentAsync(admin, events[0]);
            }
            finally
            {
                await system.StartResourceAsync("cache");
            }

            await Eventually.UntilAsync(async () => (await FaultApi.BookAsync(user, events[0], 1)).Status == HttpStatusCode.Created,
                TimeSpan.FromSeconds(60), "redis-lock booking once Redis is back");
        }
        finally
        {
            await system.RestartResourceAsync("booking", new Dictionary<string, string> { ["Booking__Strategy"] = "atomic" });
        }

        await Invariants.AssertConsistentAsync(admin, events[0]);
    }
}
