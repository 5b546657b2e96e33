using System.Net;
using Evently.Testing;

namespace Evently.Replicas.Tests;

/// <summary>
/// Two waitlist and two analytics replicas compete for the same queues: a promotion happens once and every confirmed
/// booking is counted once, whichever replica took which message.
/// </summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class WaitlistAndAnalyticsTests(ReplicasFixture fixture)
{
    private EventlySystem System => fixture.System;

    [Fact]
    public async Task A_cancellation_promotes_each_fitting_entry_exactly_once()
    {
        using var admin = await System.CreateAdminClientAsync();
        var (eventId, holder, booking, first, big, third) = await Api.WaitingLineAsync(System, admin);

        await Api.CancelOrFailAsync(holder, booking);

        await Api.WaitForEntryAsync(first.Client, first.EntryId, "booked");
        await Api.WaitForEntryAsync(third.Client, third.EntryId, "booked");
        Assert.Equal("waiting", (await Api.EntryAsync(big.Client, big.EntryId)).GetProperty("status").GetString());
        var promoted = await Api.OnShardsAsync<Guid>(System,
            "SELECT waitlist_entry_id FROM bookings WHERE event_id = @eventId AND waitlist_entry_id IS NOT NULL", new { eventId });
        Assert.Equal(new[] { first.EntryId, third.EntryId }.Order(), promoted.Order());
        var inventory = await Api.InventoryAsync(System, eventId);
        Assert.Equal(0, inventory.GetProperty("available_seats").GetInt32());
        Assert.Equal(0, inventory.GetProperty("held_seats").GetInt32());
    }

    [Fact]
    public async Task Every_confirmed_booking_is_counted_once_in_analytics()
    {
        using var admin = await System.CreateAdminClientAsync();
        var events = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => admin.CreateEventAsync(capacity: 30)));
        var users = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Api.NewUserAsync(System)));
        var answers = await Task.WhenAll(Enumerable.Range(0, 90).Select(i =>
            Api.BookAsync(users[i % users.Length].Client, events[i % events.Length], 1 + (i % 2))));
        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.Created or HttpStatusCode.Conflict, $"booking answered {a}"));

        // A double count would overshoot the shards and never come back down, so equality is the proof.
        await Eventually.UntilAsync(async () =>
        {
            var shards = await Api.OnShardsAsync<(long Bookings, long Seats)>(System,
                "SELECT count(*), coalesce(sum(quantity), 0) FROM bookings WHERE status = 'confirmed' AND event_id = ANY(@events)", new { events });
            var report = await Api.GetAsync(admin, "api/v1/analytics");
            Assert.Equal(HttpStatusCode.OK, report.Status);
            var counted = report.Body.GetProperty("event_utilization").EnumerateArray()
                .Where(e => events.Contains(e.GetProperty("event_id").GetGuid()))
                .Sum(e => e.GetProperty("seats_sold").GetInt64());
            Assert.True(counted <= shards.Sum(s => s.Seats), $"analytics counted {counted} seats, the shards hold {shards.Sum(s => s.Seats)}");
            return counted == shards.Sum(s => s.Seats);
        }, Api.Deadline, "analytics' seats sold should equal the shards' once messages have flowed");
    }
}
