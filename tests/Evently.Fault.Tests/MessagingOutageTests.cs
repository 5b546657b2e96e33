namespace Evently.Fault.Tests;

/// <summary>RabbitMQ stopped for about 20 s mid-load: bookings go on (outbox), and every message arrives once after.</summary>
[Collection(FaultCollection.Name)]
public sealed class MessagingOutageTests(FaultFixture fixture)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Broker_down_for_20_seconds_loses_no_confirmed_booking()
    {
        var system = fixture.System;
        var users = await fixture.UsersAsync();
        using var admin = await fixture.AdminAsync();
        Guid[] events = [await FaultApi.CreateEventAsync(admin, FaultApi.LoadCapacity), await FaultApi.CreateEventAsync(admin, FaultApi.LoadCapacity)];

        await using var load = BookingLoad.Start(system, users, events);
        await load.WaitForMoreAsync(events, 10, TimeSpan.FromSeconds(90), "bookings before the outage");

        await system.StopResourceAsync("messaging");
        try
        {
            // The outage is the scenario itself (not a wait for a race): bookings must keep succeeding during it.
            var outage = Task.Delay(Outage);
            await load.WaitForMoreAsync(events, 10, TimeSpan.FromSeconds(90), "bookings while the broker is down");
            await outage;
        }
        finally
        {
            await system.StartResourceAsync("messaging");
        }

        await load.WaitForMoreAsync(events, 10, TimeSpan.FromSeconds(90), "bookings after the broker is back");
        await load.StopAsync();

        await Invariants.AssertHoldAsync(system, admin, load, events);
    }
}
