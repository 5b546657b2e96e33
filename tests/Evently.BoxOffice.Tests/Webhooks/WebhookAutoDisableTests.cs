using Evently.Testing;

namespace Evently.BoxOffice.Tests.Webhooks;

/// <summary>An endpoint that keeps failing is disabled by itself, and comes back when an admin enables it.</summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class WebhookAutoDisableTests(BoxOfficeFixture fixture)
{
    private EventlySystem System => fixture.System;

    [Fact]
    public async Task An_endpoint_failing_long_enough_is_disabled_automatically()
    {
        // This test's thresholds (3 failed attempts in a row, for at least a second) until the service's next restart.
        await System.RestartResourceAsync("webhooks", new Dictionary<string, string>
        {
            ["Webhooks__AutoDisable__AfterFailures"] = "3",
            ["Webhooks__AutoDisable__AfterFailingFor"] = "00:00:01",
        });
        using var admin = await System.CreateAdminClientAsync();
        await using var receiver = await WebhookReceiver.StartAsync((_, _) => Task.FromResult(500));
        var endpoint = await WebhookApi.RegisterOrFailAsync(admin, receiver.Url, "booking.confirmed");
        try
        {
            var eventId = await admin.CreateEventAsync(capacity: 10);
            var (user, _) = await Api.NewUserAsync(System);
            await Api.BookOrFailAsync(user, eventId, 1);

            var disabled = await Eventually.UntilAsync(() => WebhookApi.GetOrFailAsync(admin, endpoint.Id),
                e => !e.GetProperty("enabled").GetBoolean(), WebhookApi.Deadline, "the failing endpoint should be disabled");
            Assert.Equal("failing", disabled.GetProperty("disabled_reason").GetString());
            Assert.True(disabled.GetProperty("consecutive_failures").GetInt32() >= 3);

            // Disabled means no more attempts: the count stays where it is while another booking comes and goes.
            var attempts = receiver.Requests.Count;
            var sentinelReceiver = await WebhookReceiver.StartAsync();
            await using (sentinelReceiver)
            {
                var sentinel = await WebhookApi.RegisterOrFailAsync(admin, sentinelReceiver.Url, "booking.confirmed");
                var second = await Api.BookOrFailAsync(user, eventId, 1);
                await WebhookApi.WaitForAsync(sentinelReceiver, "booking.confirmed", WebhookApi.Booking(second), "the sentinel's booking.confirmed");
                await WebhookApi.DeleteAsync(admin, sentinel.Id);
            }

            Assert.Equal(attempts, receiver.Requests.Count);
            await WebhookApi.SetEnabledOrFailAsync(admin, endpoint.Id, enabled: true);
            var enabled = await WebhookApi.GetOrFailAsync(admin, endpoint.Id);
            Assert.Equal(0, enabled.GetProperty("consecutive_failures").GetInt32());
        }
        finally
        {
            await WebhookApi.DeleteAsync(admin, endpoint.Id);
            await System.RestartResourceAsync("webhooks");
        }
    }
}
