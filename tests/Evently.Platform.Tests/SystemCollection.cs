using Evently.Testing;

// Each test class here boots what it needs; running them one at a time keeps two systems off 2 cores at once.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Evently.Platform.Tests;

/// <summary>
/// The whole system with the real Aspire dashboard, booted once for the platform tests: the dashboard's own tests
/// (traces, logs, metrics, the page in Chromium) and the system-wide ones (health, lifecycle, relay order) share it.
/// </summary>
public sealed class PlatformFixture : EventlySystemFixture
{
    protected override EventlySystemOptions Options => new() { Dashboard = true, BookingShards = 2 };
}

[CollectionDefinition(EventlySystemFixture.Collection)]
public sealed class SystemCollection : ICollectionFixture<PlatformFixture>;
