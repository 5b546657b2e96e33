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
            },
        },
    };
}
