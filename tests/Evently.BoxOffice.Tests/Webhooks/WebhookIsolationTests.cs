using Evently.Testing;

namespace Evently.BoxOffice.Tests.Webhooks;

/// <summary>Deliveries survive a broker outage, and one slow receiver holds up nobody else.</summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class WebhookIsolationTests(BoxOfficeFixture fixture)
{
    private EventlySystem System => fixture.System;

    [Fact]
    public async Task A_slow_receiver_does_not_delay_another_endpoints_deliveries()
    {
        using var admin = await System.CreateAdminClientAsync();
        // The slow receiver answers nothing until the test lets it (its attempts time out and are retried meanwhile).
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await WebhookReceiver.StartAsync(async (request, _) =>
        {
            await release.Task.WaitAsync(request.HttpContext.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return request.HttpContext.RequestAborted.IsCancellationRequested ? 499 : 200; // 499: the sender gave up first
        });
        await using var fast = await WebhookReceiver.StartAsync();
        var slowEndpoint = await WebhookApi.RegisterOrFailAsync(admin, slow.Url, "booking.confirmed");
        var fastEndpoint = await WebhookApi.RegisterOrFailAsync(admin, fast.Url, "booking.confirmed");
        try
        {
            var eventId = await admin.CreateEventAsync(capacity: 50);
            var (user, _) = await Api.NewUserAsync(System);
            // More bookings than the per-endpoint concurrency (4): the slow endpoint's queue backs up behind its own slots.
            var bookings = new List<Guid>();
            for (var i = 0; i < 8; i++)
            {
                bookings.Add(await Api.BookOrFailAsync(user, eventId, 1));
            }

            await Eventually.UntilAsync(() => bookings.All(b => fast.Accepted().Any(r => r.Type == "booking.confirmed"
                    && r.Data.GetProperty("booking_id").GetGuid() == b)),
                WebhookApi.Deadline, "the fast endpoint should receive every booking");
            // ... while the slow one has not answered a single request yet.
            Assert.False(release.Task.IsCompleted);
            Assert.DoesNotContain(slow.Requests, r => r.AnsweredStatus != 499);
            Assert.True(slow.Arrived >= 1, "the slow endpoint should have been tried too");

            release.SetResult();
            await Eventually.UntilAsync(() => bookings.All(b => slow.Accepted().Any(r => r.Type == "booking.confirmed"
                    && r.Data.GetProperty("booking_id").GetGuid() == b)),
                WebhookApi.Deadline, "the slow endpoint should receive every booking once it answers");
        }
        finally
        {
            release.TrySetResult();
            await WebhookApi.DeleteAsync(admin, slowEndpoint.Id);
            await WebhookApi.DeleteAsync(admin, fastEndpoint.Id);
        }
    }

    [Fact]
    public async Task Every_booking_is_delivered_exactly_once_after_dedup_across_a_broker_outage()
    {
        using var admin = await System.CreateAdminClientAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var endpoint = await WebhookApi.RegisterOrFailAsync(admin, receiver.Url, "booking.confirmed");
        try
        {
            var eventId = await admin.CreateEventAsync(capacity: 100);
            var (user, _) = await Api.NewUserAsync(System);
            var bookings = new List<Guid>();
            for (var i = 0; i < 5; i++)
            {
                bookings.Add(await Api.BookOrFailAsync(user, eventId, 1));
            }

            // The broker crashes mid-stream (SIGKILL: unacknowledged deliveries come back, so consumers see copies) and
            // AppHost's supervisor restarts it. Bookings go on meanwhile: their messages wait in the outbox.
            var before = await System.GetResourceAsync("messaging");
            var pid = System.Pid("messaging");
            System.KillResource("messaging");
            for (var i = 0; i < 10; i++)
            {
                bookings.Add(await Api.BookOrFailAsync(user, eventId, 1));
            }

            await Eventually.UntilAsync(() => System.GetResourceAsync("messaging"),
                r => r.IsHealthy && r.RestartCount > before.RestartCount && System.Pid("messaging") != pid, TimeSpan.FromSeconds(120),
                "the broker should be restarted by the supervisor");
            for (var i = 0; i < 5; i++)
            {
                bookings.Add(await Api.BookOrFailAsync(user, eventId, 1));
            }

            // ... and every one of them reaches the receiver, once per webhook-id and one webhook-id per booking.
            await Eventually.UntilAsync(() => bookings.All(b => receiver.Accepted().Any(r => r.Data.GetProperty("booking_id").GetGuid() == b)),
                TimeSpan.FromSeconds(180), "every booking's webhook should arrive after the broker is back");
            var ofThisEvent = receiver.Accepted().Where(r => r.Data.GetProperty("event_id").GetGuid() == eventId).ToList();
            Assert.Equal(bookings.Order(), ofThisEvent.Select(r => r.Data.GetProperty("booking_id").GetGuid()).Order());
            var deliveries = await WebhookApi.DeliveriesAsync(admin, endpoint.Id);
            Assert.Equal(bookings.Count, deliveries.Length);
            Assert.Equal(deliveries.Length, deliveries.Select(d => d.GetProperty("webhook_id").GetString()).Distinct().Count());
        }
        finally
        {
            await WebhookApi.DeleteAsync(admin, endpoint.Id);
        }
    }
}
