using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evently.Testing;
using StandardWebhooks;

namespace Evently.BoxOffice.Tests.Webhooks;

/// <summary>Registered endpoints receive signed, deduplicable webhooks for the events they subscribed to, and only those.</summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class WebhookDeliveryTests(BoxOfficeFixture fixture)
{
    private EventlySystem System => fixture.System;

    [Fact]
    public async Task A_confirmed_booking_arrives_signed_and_the_secret_is_shown_only_once()
    {
        using var admin = await System.CreateAdminClientAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var endpoint = await WebhookApi.RegisterOrFailAsync(admin, receiver.Url, "booking.confirmed");
        try
        {
            Assert.StartsWith("whsec_", endpoint.Secret, StringComparison.Ordinal);
            Assert.Equal(32, Convert.FromBase64String(endpoint.Secret["whsec_".Length..]).Length);
            // Never again: neither one endpoint nor the list carries it.
            Assert.False((await WebhookApi.GetOrFailAsync(admin, endpoint.Id)).TryGetProperty("secret", out _));
            var list = await Api.GetAsync(admin, WebhookApi.Root);
            Assert.Equal(HttpStatusCode.OK, list.Status);
            Assert.Contains(list.Body.GetProperty("webhooks").EnumerateArray(), e => e.GetProperty("id").GetGuid() == endpoint.Id);
            Assert.DoesNotContain(endpoint.Secret, list.Body.ToString(), StringComparison.Ordinal);

            var eventId = await admin.CreateEventAsync(capacity: 10);
            var (user, userId) = await Api.NewUserAsync(System);
            // The booking request starts a trace of the test's making; the webhook's HTTP call continues it.
            var traceId = ActivityTraceId.CreateRandom().ToHexString();
            using var book = new HttpRequestMessage(HttpMethod.Post, "api/v1/bookings")
            {
                Content = JsonContent.Create(new { event_id = eventId, quantity = 2 }),
            };
            book.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            using var booked = await user.SendAsync(book);
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
            var bookingId = JsonDocument.Parse(await booked.Content.ReadAsStringAsync())
                .RootElement.GetProperty("booking").GetProperty("id").GetGuid();

            var hook = await WebhookApi.WaitForAsync(receiver, "booking.confirmed", WebhookApi.Booking(bookingId), "booking.confirmed for the booking");
            Assert.Equal(traceId, hook.Headers["traceparent"].ToString().Split('-')[1]);
            // The library's verifier accepts it: signature over id, timestamp and the exact body, with the shown secret.
            new StandardWebhook(endpoint.Secret).Verify(hook.Body, hook.Headers);
            Assert.Throws<StandardWebhooks.Diagnostics.WebhookVerificationException>(() =>
                new StandardWebhook("whsec_" + Convert.ToBase64String(new byte[32])).Verify(hook.Body, hook.Headers));
            Assert.StartsWith("msg_", hook.WebhookId, StringComparison.Ordinal);
            Assert.Equal(eventId, hook.Data.GetProperty("event_id").GetGuid());
            Assert.Equal(userId, hook.Data.GetProperty("user_id").GetGuid());
            Assert.Equal(2, hook.Data.GetProperty("quantity").GetInt32());
            Assert.True(hook.Json.TryGetProperty("timestamp", out _));

            // The receiver has answered; the dispatcher records the attempt right after.
            var delivery = await Eventually.UntilAsync(
                async () => (await WebhookApi.DeliveriesAsync(admin, endpoint.Id)).Single(d => d.GetProperty("webhook_id").GetString() == hook.WebhookId),
                d => d.GetProperty("status").GetString() == "succeeded", WebhookApi.Deadline, "the delivery should be recorded as succeeded");
            var attempt = Assert.Single(delivery.GetProperty("attempts").EnumerateArray());
            Assert.Equal(200, attempt.GetProperty("response_status_code").GetInt32());
            Assert.True(attempt.GetProperty("latency_ms").GetDouble() >= 0);
        }
        finally
        {
            await WebhookApi.DeleteAsync(admin, endpoint.Id);
        }
    }

    [Fact]
    public async Task Only_the_subscribed_types_are_delivered_and_an_event_is_announced_cancelled_once()
    {
        using var admin = await System.CreateAdminClientAsync();
        await using var cancellations = await WebhookReceiver.StartAsync();
        await using var everything = await WebhookReceiver.StartAsync();
        var narrow = await WebhookApi.RegisterOrFailAsync(admin, cancellations.Url, "booking.cancelled", "event.cancelled");
        var wide = await WebhookApi.RegisterOrFailAsync(admin, everything.Url, "booking.confirmed", "booking.cancelled", "event.cancelled");
        try
        {
            var eventId = await admin.CreateEventAsync(capacity: 10);
            var (user, _) = await Api.NewUserAsync(System);
            var bookingId = await Api.BookOrFailAsync(user, eventId, 1);
            await Api.CancelOrFailAsync(user, bookingId);
            var cancel = await Api.SendAsync(admin, HttpMethod.Delete, $"api/v1/events/{eventId}");
            Assert.True(cancel.Status is HttpStatusCode.OK or HttpStatusCode.NoContent, $"cancel event answered {cancel}");

            await WebhookApi.WaitForAsync(cancellations, "booking.cancelled", WebhookApi.Booking(bookingId), "booking.cancelled");
            var cancelled = await WebhookApi.WaitForAsync(cancellations, "event.cancelled", d => d.GetProperty("event_id").GetGuid() == eventId, "event.cancelled");
            Assert.Equal("cancelled", cancelled.Data.GetProperty("status").GetString());
            // The wide endpoint's confirmation was queued in the same transaction as the narrow one's would have been.
            await WebhookApi.WaitForAsync(everything, "booking.confirmed", WebhookApi.Booking(bookingId), "booking.confirmed to the wide endpoint");
            await WebhookApi.WaitForAsync(everything, "event.cancelled", d => d.GetProperty("event_id").GetGuid() == eventId, "event.cancelled to the wide endpoint");

            var narrowTypes = (await WebhookApi.DeliveriesAsync(admin, narrow.Id)).Select(d => d.GetProperty("event_type").GetString()).ToList();
            Assert.DoesNotContain("booking.confirmed", narrowTypes);
            Assert.DoesNotContain(cancellations.Requests, r => r.Type == "booking.confirmed");
            Assert.Single(cancellations.Accepted(), r => r.Type == "event.cancelled" && r.Data.GetProperty("event_id").GetGuid() == eventId);
        }
        finally
        {
            await WebhookApi.DeleteAsync(admin, narrow.Id);
            await WebhookApi.DeleteAsync(admin, wide.Id);
        }
    }

    [Fact]
    public async Task A_disabled_endpoint_gets_nothing_and_can_be_enabled_again()
    {
        using var admin = await System.CreateAdminClientAsync();
        await using var disabledReceiver = await WebhookReceiver.StartAsync();
        await using var sentinelReceiver = await WebhookReceiver.StartAsync();
        var disabled = await WebhookApi.RegisterOrFailAsync(admin, disabledReceiver.Url, "booking.confirmed");
        var sentinel = await WebhookApi.RegisterOrFailAsync(admin, sentinelReceiver.Url, "booking.confirmed");
        try
        {
            await WebhookApi.SetEnabledOrFailAsync(admin, disabled.Id, enabled: false);
            Assert.Equal("manual", (await WebhookApi.GetOrFailAsync(admin, disabled.Id)).GetProperty("disabled_reason").GetString());

            var eventId = await admin.CreateEventAsync(capacity: 10);
            var (user, _) = await Api.NewUserAsync(System);
            var bookingId = await Api.BookOrFailAsync(user, eventId, 1);
            // The sentinel's row was written in the same transaction as the disabled one's would have been.
            await WebhookApi.WaitForAsync(sentinelReceiver, "booking.confirmed", WebhookApi.Booking(bookingId), "the sentinel's booking.confirmed");
            Assert.Empty(await WebhookApi.DeliveriesAsync(admin, disabled.Id));
            Assert.Empty(disabledReceiver.Requests);

            await WebhookApi.SetEnabledOrFailAsync(admin, disabled.Id, enabled: true);
            var second = await Api.BookOrFailAsync(user, eventId, 1);
            await WebhookApi.WaitForAsync(disabledReceiver, "booking.confirmed", WebhookApi.Booking(second), "booking.confirmed once enabled again");
        }
        finally
        {
            await WebhookApi.DeleteAsync(admin, disabled.Id);
            await WebhookApi.DeleteAsync(admin, sentinel.Id);
        }
    }

    [Fact]
    public async Task A_failing_receiver_gets_retries_with_one_webhook_id_and_a_redelivery_keeps_it()
    {
        using var admin = await System.CreateAdminClientAsync();
        // Fails the first two attempts of every webhook, then accepts.
        await using var receiver = await WebhookReceiver.StartAsync((_, nth) => Task.FromResult(nth <= 2 ? 503 : 200));
        var endpoint = await WebhookApi.RegisterOrFailAsync(admin, receiver.Url, "booking.confirmed");
        try
        {
            var eventId = await admin.CreateEventAsync(capacity: 10);
            var (user, _) = await Api.NewUserAsync(System);
            var bookingId = await Api.BookOrFailAsync(user, eventId, 1);

            var hook = await WebhookApi.WaitForAsync(receiver, "booking.confirmed", WebhookApi.Booking(bookingId), "booking.confirmed after two failures");
            var copies = receiver.Requests.Where(r => r.WebhookId == hook.WebhookId).ToList();
            Assert.Equal([503, 503, 200], copies.Select(r => r.AnsweredStatus));
            Assert.All(copies, c => Assert.Equal(hook.Body, c.Body));
            Assert.Single(receiver.Accepted(), r => r.Type == "booking.confirmed" && r.Data.GetProperty("booking_id").GetGuid() == bookingId);

            var delivery = await Eventually.UntilAsync(
                async () => (await WebhookApi.DeliveriesAsync(admin, endpoint.Id)).Single(d => d.GetProperty("webhook_id").GetString() == hook.WebhookId),
                d => d.GetProperty("status").GetString() == "succeeded", WebhookApi.Deadline, "the delivery should be recorded as succeeded");
            var attempts = delivery.GetProperty("attempts").EnumerateArray().ToList();
            Assert.Equal(["failed", "failed", "succeeded"], attempts.Select(a => a.GetProperty("status").GetString()));
            Assert.Equal([503, 503, 200], attempts.Select(a => a.GetProperty("response_status_code").GetInt32()));
            Assert.All(attempts.Take(2), a => Assert.NotEqual(JsonValueKind.Null, a.GetProperty("next_retry_at").ValueKind));
            Assert.Contains("503", attempts[0].GetProperty("error").GetString(), StringComparison.Ordinal);

            // By hand: the same webhook-id and body again (the receiver now accepts at once).
            var deliveryId = delivery.GetProperty("id").GetGuid();
            var redeliver = await Api.SendAsync(admin, HttpMethod.Post, $"{WebhookApi.Root}/{endpoint.Id}/deliveries/{deliveryId}/redeliver");
            Assert.True(redeliver.Status == HttpStatusCode.Accepted, $"redeliver answered {redeliver}");
            await Eventually.UntilAsync(() => receiver.Requests.Count(r => r.WebhookId == hook.WebhookId) == 4, WebhookApi.Deadline,
                "the redelivery should arrive");
            var again = receiver.Requests.Last(r => r.WebhookId == hook.WebhookId);
            Assert.Equal(hook.Body, again.Body);
            new StandardWebhook(endpoint.Secret).Verify(again.Body, again.Headers);
            Assert.Single(receiver.Accepted(), r => r.WebhookId == hook.WebhookId);
            await Eventually.UntilAsync(async () => (await WebhookApi.DeliveriesAsync(admin, endpoint.Id))
                    .Single(d => d.GetProperty("id").GetGuid() == deliveryId).GetProperty("attempts").EnumerateArray()
                    .Any(a => a.GetProperty("manual").GetBoolean() && a.GetProperty("status").GetString() == "succeeded"),
                WebhookApi.Deadline, "the manual attempt should be listed");
        }
        finally
        {
            await WebhookApi.DeleteAsync(admin, endpoint.Id);
        }
    }
}
