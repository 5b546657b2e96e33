using System.Globalization;
using Evently.Testing;

namespace Evently.Replicas.Tests;

[CollectionDefinition(EventlySystemFixture.Collection)]
public sealed class ReplicasCollection : ICollectionFixture<ReplicasFixture>;

/// <summary>
/// One system for the assembly with two replicas of every service (<c>--replicas 2</c>). The gateway's rate limits
/// are on, the per-user bucket small enough for one test to drain it through both gateways (it uses its own user)
/// and roomy enough for the admin and the rest; sign-ups and anonymous calls from 127.0.0.1 are not what is tested.
/// </summary>
public sealed class ReplicasFixture : EventlySystemFixture
{
    public const int Replicas = 2;
    public const int UserTokens = 40;

    public static IReadOnlyList<string> Services { get; } = ["gateway", "events", "booking", "waitlist", "analytics"];

    protected override EventlySystemOptions Options => new()
    {
        Replicas = Replicas,
        ProjectEnvironment = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["gateway"] = new Dictionary<string, string>
            {
                ["RateLimiting__Enabled"] = "true",
                ["RateLimiting__User__TokenLimit"] = UserTokens.ToString(CultureInfo.InvariantCulture),
                ["RateLimiting__User__TokensPerPeriod"] = UserTokens.ToString(CultureInfo.InvariantCulture),
                ["RateLimiting__User__PeriodSeconds"] = "60",
                ["RateLimiting__Anonymous__TokenLimit"] = "100000",
                ["RateLimiting__Anonymous__TokensPerPeriod"] = "100000",
                ["RateLimiting__Login__TokenLimit"] = "100000",
                ["RateLimiting__Login__TokensPerPeriod"] = "100000",
                ["Identity__PasswordHasher__IterationCount"] = "1000",
            },
            ["booking"] = new Dictionary<string, string> { ["Waitlist__HoldSeconds"] = "600", ["Waitlist__SweepIntervalMs"] = "200" },
        },
        StartTimeout = TimeSpan.FromSeconds(300),
    };
}
