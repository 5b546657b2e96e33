using Evently.Testing;

namespace Evently.Waitlist.Tests;

[CollectionDefinition(EventlySystemFixture.Collection)]
public sealed class WaitlistCollection : ICollectionFixture<WaitlistFixture>;

/// <summary>
/// One system for the assembly. Holds last long by default (a test shortens them with a restart when it needs one to
/// end), the sweep runs often, and load tests register few users so they start quickly.
/// </summary>
public sealed class WaitlistFixture : EventlySystemFixture
{
    protected override EventlySystemOptions Options => new()
    {
        ProjectEnvironment = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["booking"] = new Dictionary<string, string> { ["Waitlist__HoldSeconds"] = "600", ["Waitlist__SweepIntervalMs"] = "200" },
            ["analytics"] = new Dictionary<string, string> { ["LoadTest__MaxUsers"] = "3" },
        },
    };
}
