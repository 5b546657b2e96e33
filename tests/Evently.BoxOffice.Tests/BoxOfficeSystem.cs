using Evently.Testing;

namespace Evently.BoxOffice.Tests;

[CollectionDefinition(EventlySystemFixture.Collection)]
public sealed class BoxOfficeCollection : ICollectionFixture<BoxOfficeFixture>;

/// <summary>
/// One system for the box-office tests (checkout holds, tickets and check-in, webhooks). Sweeps run often so an
/// expired hold is released promptly.
/// </summary>
public sealed class BoxOfficeFixture : EventlySystemFixture
{
    protected override EventlySystemOptions Options => new()
    {
        ProjectEnvironment = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["booking"] = new Dictionary<string, string>
            {
                ["Waitlist__SweepIntervalMs"] = "200",
                ["Holds__SweepIntervalMs"] = "200",
                // These tests are about what holds and bookings do, not how many the shard takes at once: 200 holds on
                // one row can outlast the 2-s default queue wait on a slow or busy machine (34 holds/s was seen right
                // after boot), and shedding has its own tests (Fault.Tests/LoadSheddingTests, Booking.Tests/ShardGateTests).
                ["Booking__Shedding__TargetQueueWaitMs"] = "30000",
                ["Booking__Shedding__MaxQueueWaitMs"] = "60000",
            },
            // Webhooks: retries in a second or two instead of hours, receivers on this machine (loopback only: other
            // private ranges stay refused), and a short request timeout for the slow-receiver test.
            ["webhooks"] = new Dictionary<string, string>
            {
                ["Webhooks__Retry__BaseDelay"] = "00:00:00.300",
                ["Webhooks__Retry__MaxDelay"] = "00:00:02",
                ["Webhooks__Retry__MaxAttempts"] = "8",
                ["Webhooks__RequestTimeout"] = "00:00:05",
                ["Webhooks__PollInterval"] = "00:00:00.200",
                ["Webhooks__AllowedPrivateNetworks"] = "127.0.0.0/8,::1/128",
            },
        },
    };
}
