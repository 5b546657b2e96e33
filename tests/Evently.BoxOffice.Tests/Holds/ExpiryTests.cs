using System.Net;
using System.Text.Json;
using Evently.Testing;

namespace Evently.BoxOffice.Tests.Holds;

/// <summary>
/// Holds that run out: their seats go to the waitlist first, then back on sale, exactly once, also when the booking
/// service was down while they ended. Time is moved by setting a hold's end into the past on its shard.
/// </summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class ExpiryTests(BoxOfficeFixture fixture)
{
    private EventlySystem System => fixture.System;

    [Fact]
    public async Task An_expired_hold_answers_410_and_its_seats_go_to_the_waitlist_first()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity: 2);
        var (buyer, _) = await Api.NewUserAsync(System);
        var holdId = await HoldApi.HoldOrFailAsync(buyer, eventId, 2);
        // Sold out while held, so a waiter can join; the waiter wants one seat.
        var (waiter, _) = await Api.NewUserAsync(System);
        var entryId = await Api.JoinOrFailAsync(waiter, eventId, 1);
        await Api.WaitForReplicaAsync(System, eventId, 1);

        await HoldApi.ExpireAsync(System, holdId);
        var confirm = await HoldApi.ConfirmAsync(buyer, holdId);
        Assert.Equal(HttpStatusCode.Gone, confirm.Status);
        Assert.Equal("Hold expired", confirm.Detail);

        var inventory = await HoldApi.WaitForNoCheckoutAsync(System, eventId);
        // One seat went to the waiter (booked by the promotion), the other back on sale: nobody else waits.
        Assert.Equal(1, inventory.GetProperty("available_seats").GetInt32());
        Assert.Equal(0, inventory.GetProperty("held_seats").GetInt32());
        var entry = await Api.WaitForEntryAsync(waiter, entryId, "booked");
        Assert.Equal(JsonValueKind.String, entry.GetProperty("booking_id").ValueKind);
        Assert.Equal("expired", (await HoldApi.GetAsync(buyer, holdId)).Body.GetProperty("status").GetString());
        Assert.Equal(1, (await HoldApi.ExpiredMessagesAsync(System, [holdId]))[holdId]);
        await HoldApi.AssertConsistentAsync(admin, eventId);
    }

    [Fact]
    public async Task Holds_that_end_while_the_booking_service_is_down_are_released_once_when_it_is_back()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity: 6);
        var holds = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var (buyer, _) = await Api.NewUserAsync(System);
            holds.Add(await HoldApi.HoldOrFailAsync(buyer, eventId, 2));
        }

        await System.StopResourceAsync("booking");
        try
        {
            await HoldApi.ExpireAsync(System, [.. holds]);
        }
        finally
        {
            await System.StartResourceAsync("booking");
            await System.WaitHealthyAsync("booking", TimeSpan.FromMinutes(2));
        }

        var inventory = await HoldApi.WaitForNoCheckoutAsync(System, eventId);
        Assert.Equal(6, inventory.GetProperty("available_seats").GetInt32());
        var messages = await HoldApi.ExpiredMessagesAsync(System, [.. holds]);
        Assert.All(holds, h => Assert.Equal(1, messages.GetValueOrDefault(h)));
        await HoldApi.AssertConsistentAsync(admin, eventId);
        await Eventually.UntilAsync(async () => (await Api.GetAsync(admin, $"api/v1/events/{eventId}")).Body
            .GetProperty("available_seats").GetInt32() == 6, Api.Deadline, "the event should show its 6 seats again");
    }

    [Fact]
    public async Task Two_hundred_concurrent_holds_on_a_hot_event_take_exactly_its_seats()
    {
        using var admin = await System.CreateAdminClientAsync();
        const int seats = 50, buyers = 200;
        var eventId = await admin.CreateEventAsync(capacity: seats);
        var clients = new HttpClient[buyers];
        await Parallel.ForAsync(0, buyers, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => clients[i] = (await Api.NewUserAsync(System)).Client);

        var answers = await Task.WhenAll(clients.Select(c => HoldApi.HoldAsync(c, eventId, 1)));
        var held = answers.Where(a => a.Status == HttpStatusCode.Created).ToList();
        Assert.Equal(seats, held.Count);
        Assert.All(answers.Except(held), a => Assert.True(a.Status == HttpStatusCode.Conflict && a.Detail == "Only 0 seats available",
            a.ToString()));
        Assert.Equal(seats, held.Select(a => a.Body.GetProperty("id").GetGuid()).Distinct().Count());

        // Half confirm, half run out: every seat ends sold or back on sale, none twice.
        var owners = answers.Select((a, i) => (a, c: clients[i])).Where(x => x.a.Status == HttpStatusCode.Created).ToList();
        var confirmed = await Task.WhenAll(owners.Take(seats / 2).Select(x => HoldApi.ConfirmAsync(x.c, x.a.Body.GetProperty("id").GetGuid())));
        Assert.All(confirmed, c => Assert.Equal(HttpStatusCode.Created, c.Status));
        await HoldApi.ExpireAsync(System, [.. owners.Skip(seats / 2).Select(x => x.a.Body.GetProperty("id").GetGuid())]);
        var inventory = await HoldApi.WaitForNoCheckoutAsync(System, eventId);
        Assert.Equal(seats / 2, inventory.GetProperty("available_seats").GetInt32());
        await HoldApi.AssertConsistentAsync(admin, eventId);
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}
