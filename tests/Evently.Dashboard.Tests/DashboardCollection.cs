using Evently.Testing;

// One system with its dashboard for the whole assembly; two of them would not fit on the machine's cores at once.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Evently.Dashboard.Tests;

/// <summary>The whole system with the real Aspire dashboard, booted once per assembly.</summary>
public sealed class DashboardFixture : EventlySystemFixture
{
    protected override EventlySystemOptions Options => new() { Dashboard = true, BookingShards = 2 };
}

[CollectionDefinition(EventlySystemFixture.Collection)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>;
