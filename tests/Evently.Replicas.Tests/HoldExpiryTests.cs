using Evently.BoxOffice.Tests.Holds;
using Evently.Testing;

namespace Evently.Replicas.Tests;

/// <summary>Both booking replicas sweep ended checkout holds: each hold still expires once and its seats come back once.</summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class HoldExpiryTests(ReplicasFixture fixture)
{
    private EventlySystem System => fixture.System;

    [Fact]
    public async Task Holds_ending_under_two_sweeping_replicas_expire_exactly_once()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity: 20);
        var holds = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            var (buyer, _) = await Api.NewUserAsync(System);
            return await HoldApi.HoldOrFailAsync(buyer, eventId, 2);
        }));
        Assert.Equal(0, (await Api.InventoryAsync(System, eventId)).GetProperty("available_seats").GetInt32());

        await HoldApi.ExpireAsync(System, holds);

        var inventory = await HoldApi.WaitForNoCheckoutAsync(System, eventId);
        Assert.Equal(20, inventory.GetProperty("available_seats").GetInt32());
        var messages = await HoldApi.ExpiredMessagesAsync(System, holds);
        Assert.All(holds, h => Assert.Equal(1, messages.GetValueOrDefault(h)));
        await HoldApi.AssertConsistentAsync(admin, eventId);
    }
}
