using System.Net;
using Evently.Testing;

namespace Evently.Waitlist.Tests;

/// <summary>Fair promotion: released seats go to the head of the waitlist, exactly once, across restarts.</summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class PromotionTests(WaitlistFixture fixture)
{
    private EventlySystem System => fixture.System;

    [Fact]
    public async Task CancellationPromotesTheFirstEntriesThatFitExactlyOnceWhileTheWaitlistServiceIsDown()
    {
        using var admin = await System.CreateAdminClientAsync();
        var (eventId, holder, booking, first, big, third) = await Api.WaitingLineAsync(System, admin);
        var (firstEntry, bigEntry, thirdEntry) = (first.EntryId, big.EntryId, third.EntryId);

        // The promotion happens in the booking service, in the cancel transaction; the waitlist service learns of it
        // from messages, which wait for it while it is down.
        await System.StopResourceAsync("waitlist");
        try
        {
            await Api.CancelOrFailAsync(holder, booking);
            var (outsider, _) = await Api.NewUserAsync(System);
            var grab = await Api.BookAsync(outsider, eventId, 1);
            Assert.Equal(HttpStatusCode.Conflict, grab.Status);
            Assert.Equal("Only 0 seats available", grab.Detail);
        }
        finally
        {
            await System.StartResourceAsync("waitlist");
        }

        // Two seats: the first (1) fits, the big one (2) no longer does, the third (1) takes the last seat.
        var firstBooked = await Api.WaitForEntryAsync(first.Client, firstEntry, "booked");
        var thirdBooked = await Api.WaitForEntryAsync(third.Client, thirdEntry, "booked");
        var bigLive = await Api.EntryAsync(big.Client, bigEntry);
        Assert.Equal("waiting", bigLive.GetProperty("status").GetString());
        Assert.Equal(1, bigLive.GetProperty("position").GetInt32());

        var promoted = await Api.OnShardsAsync<(Guid Id, Guid UserId, Guid EntryId, int Quantity, string Status)>(System,
            "SELECT id, user_id, waitlist_entry_id, quantity, status FROM bookings WHERE event_id = @eventId AND waitlist_entry_id IS NOT NULL",
            new { eventId });
        Assert.Equal(2, promoted.Count);
        Assert.Contains(promoted, b => b.EntryId == firstEntry && b.UserId == first.UserId && b.Quantity == 1 && b.Status == "confirmed"
            && b.Id == firstBooked.GetProperty("booking_id").GetGuid());
        Assert.Contains(promoted, b => b.EntryId == thirdEntry && b.UserId == third.UserId && b.Quantity == 1
            && b.Id == thirdBooked.GetProperty("booking_id").GetGuid());

        var inventory = await Api.InventoryAsync(System, eventId);
        Assert.Equal(0, inventory.GetProperty("available_seats").GetInt32());
        Assert.Equal(0, inventory.GetProperty("held_seats").GetInt32());

        // The promoted user sees a confirmed booking carrying the entry.
        var own = await Api.GetAsync(first.Client, "api/v1/bookings");
        Assert.Contains(own.Body.GetProperty("bookings").EnumerateArray(),
            b => b.GetProperty("waitlist_entry_id").GetGuid() == firstEntry && b.GetProperty("status").GetString() == "confirmed");
    }

    [Fact]
    public async Task ReleasedSeatsAreHeldForAWaitingEntryAcrossABookingRestartThenSoldOnlyWhenNobodyCanUseThem()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity: 3);
        var (a, _) = await Api.NewUserAsync(System);
        var (b, _) = await Api.NewUserAsync(System);
        var (outsider, _) = await Api.NewUserAsync(System);
        var waiter = await Api.NewUserAsync(System);
        var bookingA = await Api.BookOrFailAsync(a, eventId, 1);
        var bookingB = await Api.BookOrFailAsync(b, eventId, 2);
        var entry = await Api.JoinOrFailAsync(waiter.Client, eventId, 2);
        await Api.WaitForReplicaAsync(System, eventId, 1);

        // One seat comes back; the waiting entry needs two, so the seat is held for it, not sold.
        await Api.CancelOrFailAsync(a, bookingA);
        var held = await Api.InventoryAsync(System, eventId);
        Assert.Equal(1, held.GetProperty("held_seats").GetInt32());
        Assert.Equal(0, held.GetProperty("available_seats").GetInt32());
        var grab = await Api.BookAsync(outsider, eventId, 1);
        Assert.Equal(HttpStatusCode.Conflict, grab.Status);
        Assert.Equal("Only 0 seats available", grab.Detail);

        // The hold is state in the database: a restarted booking service still keeps it. (Holds made from now on
        // last 2 s, which the second half of this test uses.)
        await System.RestartResourceAsync("booking", new Dictionary<string, string> { ["Waitlist__HoldSeconds"] = "2" });
        Assert.Equal(1, (await Api.InventoryAsync(System, eventId)).GetProperty("held_seats").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await Api.BookAsync(outsider, eventId, 1)).Status);

        // Two more come back: the entry gets its two, the one left over goes on sale (nobody else waits).
        await Api.CancelOrFailAsync(b, bookingB);
        var after = await Api.InventoryAsync(System, eventId);
        Assert.Equal(1, after.GetProperty("available_seats").GetInt32());
        Assert.Equal(0, after.GetProperty("held_seats").GetInt32());
        await Api.BookOrFailAsync(outsider, eventId, 1);
        var booked = await Api.WaitForEntryAsync(waiter.Client, entry, "booked");
        var rows = await Api.OnShardsAsync<(Guid Id, int Quantity)>(System,
            "SELECT id, quantity FROM bookings WHERE waitlist_entry_id = @entry", new { entry });
        Assert.Equal(booked.GetProperty("booking_id").GetGuid(), Assert.Single(rows).Id);
        Assert.Equal(2, rows[0].Quantity);

        // A hold nobody can use ends after Waitlist:HoldSeconds and its seat goes back on sale, listing included.
        var second = await admin.CreateEventAsync(capacity: 2);
        var bookingC = await Api.BookOrFailAsync(a, second, 1);
        await Api.BookOrFailAsync(b, second, 1);
        var longWaiter = await Api.NewUserAsync(System);
        var longEntry = await Api.JoinOrFailAsync(longWaiter.Client, second, 2);
        await Api.WaitForReplicaAsync(System, second, 1);
        await Api.CancelOrFailAsync(a, bookingC);
        await Eventually.UntilAsync(async () =>
        {
            var inventory = await Api.InventoryAsync(System, second);
            return inventory.GetProperty("held_seats").GetInt32() == 0 && inventory.GetProperty("available_seats").GetInt32() == 1;
        }, Api.Deadline, "the expired hold should return its seat to sale");
        await Eventually.UntilAsync(async () =>
            (await Api.GetAsync(admin, $"api/v1/events/{second}")).Body.GetProperty("available_seats").GetInt32() == 1,
            Api.Deadline, "the events service should show the seat back on sale");
        Assert.Equal("waiting", (await Api.EntryAsync(longWaiter.Client, longEntry)).GetProperty("status").GetString());

        var consistency = await Api.GetAsync(admin, "api/v1/admin/consistency");
        Assert.Equal(0, consistency.Body.GetProperty("oversold_events").GetInt32());
        Assert.Equal(0, consistency.Body.GetProperty("mismatched_events").GetInt32());
    }
}
