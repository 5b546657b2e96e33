using System.Net;
using Evently.BoxOffice.Tests.Holds;
using Evently.Testing;

namespace Evently.BoxOffice.Tests.Webhooks;

/// <summary>The box office's own messages reach subscribers: a hold running out and a ticket scanned at the door.</summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class BoxOfficeWebhookTests(BoxOfficeFixture fixture)
{
    private EventlySystem System => fixture.System;

    [Fact]
    public async Task An_expired_hold_and_a_check_in_are_announced_once_each()
    {
        using var admin = await System.CreateAdminClientAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var endpoint = await WebhookApi.RegisterOrFailAsync(admin, receiver.Url, "hold.expired", "ticket.checked_in");
        try
        {
            var eventId = await admin.CreateEventAsync(capacity: 5);
            var (buyer, buyerId) = await Api.NewUserAsync(System);

            var holdId = await HoldApi.HoldOrFailAsync(buyer, eventId, 2);
            await HoldApi.ExpireAsync(System, holdId);
            var expired = await WebhookApi.WaitForAsync(receiver, "hold.expired", d => d.GetProperty("hold_id").GetGuid() == holdId,
                "the expired hold should be announced");
            Assert.Equal(buyerId, expired.Data.GetProperty("user_id").GetGuid());
            Assert.Equal(2, expired.Data.GetProperty("quantity").GetInt32());

            var bookingId = await Api.BookOrFailAsync(buyer, eventId, 1);
            var tickets = await Api.GetAsync(buyer, $"api/v1/bookings/{bookingId}/tickets");
            var ticket = tickets.Body.GetProperty("tickets")[0];
            var scanned = await Api.SendAsync(admin, HttpMethod.Post, "api/v1/check-in", new { code = ticket.GetProperty("code").GetString() });
            Assert.True(scanned.Status == HttpStatusCode.OK, $"check-in answered {scanned}");
            var checkedIn = await WebhookApi.WaitForAsync(receiver, "ticket.checked_in",
                d => d.GetProperty("ticket_id").GetGuid() == ticket.GetProperty("id").GetGuid(), "the check-in should be announced");
            Assert.Equal(bookingId, checkedIn.Data.GetProperty("booking_id").GetGuid());

            // Nothing else was subscribed, and nothing came twice.
            var deliveries = await WebhookApi.DeliveriesAsync(admin, endpoint.Id);
            Assert.Equal(2, deliveries.Length);
            Assert.Equal(2, receiver.Accepted().Select(r => r.WebhookId).Distinct().Count());
        }
        finally
        {
            await WebhookApi.DeleteAsync(admin, endpoint.Id);
        }
    }
}
