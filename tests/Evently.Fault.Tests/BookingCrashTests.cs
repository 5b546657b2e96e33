using Evently.Hosting;
using Evently.Testing;

namespace Evently.Fault.Tests;

/// <summary>kill -9 of the booking service mid-load: the orchestrator restarts it by itself and nothing is lost.</summary>
[Collection(FaultCollection.Name)]
public sealed class BookingCrashTests(FaultFixture fixture)
{
    [Fact]
    public async Task Booking_killed_mid_load_is_restarted_and_loses_nothing()
    {
        var system = fixture.System;
        var users = await fixture.UsersAsync();
        using var admin = await fixture.AdminAsync();
        Guid[] events = [await FaultApi.CreateEventAsync(admin, FaultApi.LoadCapacity), await FaultApi.CreateEventAsync(admin, FaultApi.LoadCapacity)];

        await using var load = BookingLoad.Start(system, users, events);
        await load.WaitForMoreAsync(events, 10, TimeSpan.FromSeconds(90), "bookings before the crash");

        var before = system.Pid("booking");
        system.KillResource("booking");

        // No StartResourceAsync here: AppHost's restart policy (back-off) must bring it back by itself.
        await Eventually.UntilAsync(async () =>
        {
            var snapshot = await system.GetResourceAsync("booking");
            return snapshot.State == ResourceState.Healthy && snapshot.Pid is { } pid && pid != before;
        }, TimeSpan.FromSeconds(120), "booking restarted by the orchestrator");
        await load.WaitForMoreAsync(events, 10, TimeSpan.FromSeconds(90), "bookings after the restart");
        await load.StopAsync();

        await Invariants.AssertHoldAsync(system, admin, load, events);
    }
}
