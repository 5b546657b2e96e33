using System.Net;
using Evently.Testing;

namespace Evently.BoxOffice.Tests.Holds;

/// <summary>Timed checkout holds: seats leave general sale at once, confirm into one booking, go back when released.</summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class CheckoutTests(BoxOfficeFixture fixture)
{
    private EventlySystem System => fixture.System;

    [Fact]
    public async Task A_hold_takes_its_seats_at_once_and_confirms_into_one_booking()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity: 5);
        var (buyer, buyerId) = await Api.NewUserAsync(System);
        var (other, _) = await Api.NewUserAsync(System);

        var before = DateTime.UtcNow;
        var held = await HoldApi.HoldAsync(buyer, eventId, 3);
        Assert.True(held.Status == HttpStatusCode.Created, $"hold answered {held}");
        var holdId = held.Body.GetProperty("id").GetGuid();
        Assert.Equal(eventId, held.Body.GetProperty("event_id").GetGuid());
        Assert.Equal(3, held.Body.GetProperty("quantity").GetInt32());
        Assert.Equal(2, held.Body.GetProperty("available_seats_remaining").GetInt32());
        var expiresAt = held.Body.GetProperty("expires_at").GetDateTime();
        Assert.InRange(expiresAt, before.AddMinutes(10).AddSeconds(-5), DateTime.UtcNow.AddMinutes(10).AddSeconds(5));

        // The held seats are out of general sale: the same exact refusal a booking gets.
        var refused = await Api.BookAsync(other, eventId, 3);
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal("Only 2 seats available", refused.Detail);

        var confirmed = await HoldApi.ConfirmAsync(buyer, holdId);
        Assert.True(confirmed.Status == HttpStatusCode.Created, $"confirm answered {confirmed}");
        var booking = confirmed.Body.GetProperty("booking");
        var bookingId = booking.GetProperty("id").GetGuid();
        Assert.Equal(3, booking.GetProperty("seats_booked").GetInt32());
        Assert.Equal("confirmed", booking.GetProperty("status").GetString());

        // A second confirm (a retry after a lost answer) is the same booking, not a second one.
        var again = await HoldApi.ConfirmAsync(buyer, holdId);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(bookingId, again.Body.GetProperty("booking").GetProperty("id").GetGuid());
        var hold = await HoldApi.GetAsync(buyer, holdId);
        Assert.Equal("confirmed", hold.Body.GetProperty("status").GetString());
        Assert.Equal(bookingId, hold.Body.GetProperty("booking_id").GetGuid());
        var mine = await Api.GetAsync(buyer, $"api/v1/bookings/{bookingId}");
        Assert.Equal(buyerId, mine.Body.GetProperty("booking").GetProperty("user_id").GetGuid());

        var inventory = await Api.InventoryAsync(System, eventId);
        Assert.Equal(0, inventory.GetProperty("checkout_seats").GetInt32());
        Assert.Equal(2, inventory.GetProperty("available_seats").GetInt32());
        await HoldApi.AssertConsistentAsync(admin, eventId);
        // The listing learns of the hold and the booking from their messages.
        await Eventually.UntilAsync(async () => (await Api.GetAsync(other, $"api/v1/events/{eventId}")).Body
            .GetProperty("available_seats").GetInt32() == 2, Api.Deadline, "the event should show 2 seats left");
    }

    [Fact]
    public async Task A_hold_is_seen_and_used_by_its_owner_only()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity: 3);
        var (owner, _) = await Api.NewUserAsync(System);
        var (intruder, _) = await Api.NewUserAsync(System);
        var holdId = await HoldApi.HoldOrFailAsync(owner, eventId, 1);

        foreach (var answer in new[]
        {
            await HoldApi.GetAsync(intruder, holdId), await HoldApi.ConfirmAsync(intruder, holdId), await HoldApi.ReleaseAsync(intruder, holdId),
            await HoldApi.GetAsync(admin, holdId),
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, answer.Status);
            Assert.Equal("Hold not found", answer.Detail);
        }

        var hold = await HoldApi.GetAsync(owner, holdId);
        Assert.Equal("active", hold.Body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_released_hold_gives_its_seats_back_and_can_no_longer_be_confirmed()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity: 2);
        var (buyer, _) = await Api.NewUserAsync(System);
        var (other, _) = await Api.NewUserAsync(System);
        var holdId = await HoldApi.HoldOrFailAsync(buyer, eventId, 2);
        Assert.Equal("Only 0 seats available", (await Api.BookAsync(other, eventId, 1)).Detail);

        var released = await HoldApi.ReleaseAsync(buyer, holdId);
        Assert.True(released.Status == HttpStatusCode.OK, $"release answered {released}");
        Assert.Equal("released", released.Body.GetProperty("status").GetString());
        await Api.BookOrFailAsync(other, eventId, 1);

        var confirm = await HoldApi.ConfirmAsync(buyer, holdId);
        Assert.Equal(HttpStatusCode.Gone, confirm.Status);
        Assert.Equal("Hold released", confirm.Detail);
        Assert.Equal(HttpStatusCode.OK, (await HoldApi.ReleaseAsync(buyer, holdId)).Status);
        var inventory = await Api.InventoryAsync(System, eventId);
        Assert.Equal(1, inventory.GetProperty("available_seats").GetInt32());
        Assert.Equal(0, inventory.GetProperty("checkout_seats").GetInt32());
        await HoldApi.AssertConsistentAsync(admin, eventId);
    }

    [Fact]
    public async Task A_user_has_at_most_two_active_holds_per_event()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity: 10);
        var otherEvent = await admin.CreateEventAsync(capacity: 10);
        var (buyer, _) = await Api.NewUserAsync(System);
        var first = await HoldApi.HoldOrFailAsync(buyer, eventId, 1);
        await HoldApi.HoldOrFailAsync(buyer, eventId, 1);

        var third = await HoldApi.HoldAsync(buyer, eventId, 1);
        Assert.Equal(HttpStatusCode.Conflict, third.Status);
        Assert.Equal("You already have 2 active holds on this event (at most 2); confirm or release one first", third.Detail);
        await HoldApi.HoldOrFailAsync(buyer, otherEvent, 1); // the cap is per event

        await HoldApi.ConfirmAsync(buyer, first);
        await HoldApi.HoldOrFailAsync(buyer, eventId, 1); // a confirmed hold no longer counts
        Assert.Equal(7, (await Api.InventoryAsync(System, eventId)).GetProperty("available_seats").GetInt32());
    }

    [Fact]
    public async Task The_hold_length_is_the_events_and_bounded()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity: 4);
        var changed = await Api.SendAsync(admin, HttpMethod.Put, $"api/v1/events/{eventId}", new { hold_minutes = 3 });
        Assert.True(changed.Status == HttpStatusCode.OK, $"update answered {changed}");
        Assert.Equal(3, changed.Body.GetProperty("hold_minutes").GetInt32());
        foreach (var bad in new[] { 0, 61, -1 })
        {
            var refused = await Api.SendAsync(admin, HttpMethod.Put, $"api/v1/events/{eventId}", new { hold_minutes = bad });
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Equal("Hold minutes must be between 1 and 60.", refused.Body.GetProperty("errors").GetProperty("hold_minutes")[0].GetString());
        }

        // The booking service takes the new length from the EventChanged message.
        var (buyer, _) = await Api.NewUserAsync(System);
        var expiresAt = await Eventually.UntilAsync(async () =>
        {
            var held = await HoldApi.HoldAsync(buyer, eventId, 1);
            Assert.True(held.Status == HttpStatusCode.Created, $"hold answered {held}");
            var hold = held.Body.GetProperty("id").GetGuid();
            var end = held.Body.GetProperty("expires_at").GetDateTime();
            await HoldApi.ReleaseAsync(buyer, hold);
            return end;
        }, end => end < DateTime.UtcNow.AddMinutes(4), Api.Deadline, "a hold should last the event's 3 minutes");
        Assert.True(expiresAt > DateTime.UtcNow.AddMinutes(2), $"expires at {expiresAt:O}");
    }
}
