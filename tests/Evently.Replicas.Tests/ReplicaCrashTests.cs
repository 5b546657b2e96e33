using Evently.Testing;

namespace Evently.Replicas.Tests;

/// <summary>
/// kill -9 of one replica mid-load: the other keeps serving, the supervisor brings the killed one back, and every
/// booking a client saw confirmed is on its shard and counted once in analytics.
/// </summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class ReplicaCrashTests(ReplicasFixture fixture)
{
    private static readonly TimeSpan Heal = TimeSpan.FromSeconds(120);
    private EventlySystem System => fixture.System;

    [Theory]
    [InlineData("booking")]
    [InlineData("gateway")]
    public async Task One_replica_killed_mid_load_loses_nothing_confirmed(string service)
    {
        using var admin = await System.CreateAdminClientAsync();
        // The per-user budget is small in this assembly: enough users that the load is not what gets limited.
        var users = await FaultApi.RegisterUsersAsync(System, 40);
        Guid[] events =
        [
            await FaultApi.CreateEventOnShardAsync(admin, FaultApi.LoadCapacity, 0, System.BookingShards),
            await FaultApi.CreateEventOnShardAsync(admin, FaultApi.LoadCapacity, 1, System.BookingShards),
        ];

        await using var load = BookingLoad.Start(System, users, events);
        await load.WaitForMoreAsync(events, 10, TimeSpan.FromSeconds(90), "bookings before the crash");

        var victim = System.Instances(service)[0];
        var survivor = System.Instances(service)[1];
        var before = System.Pid(victim);
        var restartsBefore = (await System.GetResourceAsync(victim)).RestartCount;
        System.KillResource(victim);

        // While the victim is down or coming back, the survivor keeps booking.
        await load.WaitForMoreAsync(events, 10, TimeSpan.FromSeconds(90), $"bookings while {victim} is down");
        Assert.True((await System.GetResourceAsync(survivor)).IsHealthy, $"{survivor} should have stayed up");
        await Eventually.UntilAsync(() => System.GetResourceAsync(victim),
            r => r.RestartCount > restartsBefore && System.Pid(victim) is { } pid && pid != before, Heal, $"{victim} restarted by the supervisor");
        await System.WaitHealthyAsync(victim, Heal);
        await load.WaitForMoreAsync(events, 10, TimeSpan.FromSeconds(90), "bookings after the restart");
        await load.StopAsync();

        await Invariants.AssertHoldAsync(System, admin, load, events);
    }
}
