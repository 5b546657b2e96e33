namespace Evently.Fault.Tests;

/// <summary>The events service down: booking still works for events the booking shards already know.</summary>
[Collection(FaultCollection.Name)]
public sealed class EventsOutageTests(FaultFixture fixture)
{
    [Fact]
    public async Task Known_events_stay_bookable_while_the_events_service_is_down()
    {
        var system = fixture.System;
        var users = await fixture.UsersAsync();
        using var admin = await fixture.AdminAsync();
        Guid[] events = [await FaultApi.CreateEventAsync(admin, FaultApi.LoadCapacity), await FaultApi.CreateEventAsync(admin, FaultApi.LoadCapacity)];
        using (var first = system.CreateGatewayClient(users[2].Token))
        {
            await FaultApi.PrimeAsync(first, events); // the shards now hold each event's inventory
        }

        await using var load = BookingLoad.Start(system, users, events);
        await load.WaitForMoreAsync(events, 10, TimeSpan.FromSeconds(90), "bookings before the outage");

        await system.StopResourceAsync("events");
        try
        {
            await load.WaitForMoreAsync(events, 20, TimeSpan.FromSeconds(90), "bookings while the events service is down");
            using var anonymous = system.CreateGatewayClient();
            var (status, _) = await FaultApi.SendAsync(anonymous, HttpMethod.Get, "api/v1/events");
            Assert.True((int)status >= 500, $"the listing answered {(int)status} with its service stopped");
        }
        finally
        {
            await system.StartResourceAsync("events");
        }

        await load.WaitForMoreAsync(events, 5, TimeSpan.FromSeconds(90), "bookings after the events service is back");
        await load.StopAsync();
        Assert.Equal(0, load.Count("500"));
        await Invariants.AssertHoldAsync(system, admin, load, events);
    }
}
