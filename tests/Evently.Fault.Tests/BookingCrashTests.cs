using Evently.Testing;

namespace Evently.Fault.Tests;

/// <summary>
/// kill -9 mid-load of the booking service, of a booking shard's PostgreSQL and of RabbitMQ: AppHost's supervisor
/// brings each back by itself (nobody calls Start), and every confirmed booking is there afterwards.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class BookingCrashTests(FaultFixture fixture)
{
    private static readonly TimeSpan Heal = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData("booking")]
    [InlineData("booking-db-1")]
    [InlineData("messaging")]
    public async Task Killed_mid_load_comes_back_by_itself_and_loses_nothing(string resource)
    {
        var system = fixture.System;
        var users = await fixture.UsersAsync();
        using var admin = await fixture.AdminAsync();
        // One event on each shard, so a killed shard holds confirmed bookings of its own.
        Guid[] events =
        [
            await FaultApi.CreateEventOnShardAsync(admin, FaultApi.LoadCapacity, 0, system.BookingShards),
            await FaultApi.CreateEventOnShardAsync(admin, FaultApi.LoadCapacity, 1, system.BookingShards),
        ];

        await using var load = BookingLoad.Start(system, users, events);
        await load.WaitForMoreAsync(events, 10, TimeSpan.FromSeconds(90), "bookings before the crash");

        var before = system.Pid(resource);
        var restartsBefore = (await system.GetResourceAsync(resource)).RestartCount;
        system.KillResource(resource);

        var after = await Eventually.UntilAsync(() => system.GetResourceAsync(resource),
            r => r.IsHealthy && r.RestartCount > restartsBefore && system.Pid(resource) is { } pid && pid != before, Heal,
            $"{resource} restarted by the supervisor");
        Assert.True(after.RestartCount > restartsBefore);
        await load.WaitForMoreAsync(events, 10, TimeSpan.FromSeconds(90), "bookings on both shards after the restart");
        await load.StopAsync();

        await Invariants.AssertHoldAsync(system, admin, load, events);
    }
}
