using System.Net;
using Evently.Testing;

namespace Evently.Fault.Tests;

/// <summary>One booking shard stopped mid-load: the other shard is unaffected, the stopped one answers a clear 503.</summary>
[Collection(FaultCollection.Name)]
public sealed class ShardOutageTests(FaultFixture fixture)
{
    private const string ShardDown = "Booking is temporarily unavailable for this event; please retry shortly";

    [Fact]
    public async Task Stopped_shard_answers_503_while_the_other_keeps_booking()
    {
        var system = fixture.System;
        var users = await fixture.UsersAsync();
        using var admin = await fixture.AdminAsync();
        var healthy = await FaultApi.CreateEventOnShardAsync(admin, FaultApi.LoadCapacity, 0, system.BookingShards);
        var doomed = await FaultApi.CreateEventOnShardAsync(admin, FaultApi.LoadCapacity, 1, system.BookingShards);
        Guid[] events = [healthy, doomed];

        await using var load = BookingLoad.Start(system, users, events);
        await load.WaitForMoreAsync(events, 10, TimeSpan.FromSeconds(90), "bookings before the outage");

        await system.StopResourceAsync("booking-db-1");
        try
        {
            await load.WaitForOutcomeAsync("503", 10, TimeSpan.FromSeconds(90));
            await load.WaitForMoreAsync([healthy], 10, TimeSpan.FromSeconds(90), "bookings on the healthy shard during the outage");

            using var probe = system.CreateGatewayClient(users[0].Token);
            var body = await probe.AssertRetryLaterAsync(HttpMethod.Post, "api/v1/bookings", new { event_id = doomed, quantity = 1 });
            Assert.Equal(ShardDown, body["error"]!.GetValue<string>());
            Assert.False(body["success"]!.GetValue<bool>());
            Assert.Equal(HttpStatusCode.Created, (await FaultApi.BookAsync(probe, healthy, 1)).Status);
        }
        finally
        {
            await system.StartResourceAsync("booking-db-1");
        }

        await load.WaitForMoreAsync(events, 10, TimeSpan.FromSeconds(90), "bookings on both shards after the restart");
        await load.StopAsync();

        // The probe's booking on the healthy shard is not in the load's list; the invariants count rows, not the list.
        await Invariants.AssertHoldAsync(system, admin, load, events);
    }
}
