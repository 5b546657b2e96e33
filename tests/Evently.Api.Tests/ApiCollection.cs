using Evently.Testing;

namespace Evently.Api.Tests;

/// <summary>One system for the whole assembly: every test class here says <c>[Collection("api")]</c>.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}

/// <summary>
/// The system with the gateway's rate limiting on. Buckets are small enough for a burst test to trip them within a
/// few hundred requests, yet roomy enough for the rest of the suite, which shares the admin's bucket and (for
/// anonymous calls and sign-ins) the bucket of 127.0.0.1. Rate-limit tests use their own user or their own client
/// IP (X-Forwarded-For, trusted from loopback here) so they never drain a bucket another test needs.
/// </summary>
public sealed class ApiFixture : EventlySystemFixture
{
    public static IReadOnlyDictionary<string, string> GatewayEnvironment { get; } = new Dictionary<string, string>
    {
        ["RateLimiting__Enabled"] = "true",
        ["RateLimiting__User__TokenLimit"] = "100",
        ["RateLimiting__User__TokensPerPeriod"] = "100",
        ["RateLimiting__User__PeriodSeconds"] = "5",
        ["RateLimiting__Anonymous__TokenLimit"] = "500",
        ["RateLimiting__Anonymous__TokensPerPeriod"] = "500",
        ["RateLimiting__Anonymous__PeriodSeconds"] = "5",
        ["RateLimiting__Login__TokenLimit"] = "100",
        ["RateLimiting__Login__TokensPerPeriod"] = "100",
        ["RateLimiting__Login__PeriodSeconds"] = "10",
        ["Gateway__TrustForwardedHeaders"] = "true",
        // Hashing cost is not under test; a lighter PBKDF2 keeps the suite's many sign-ups cheap on 2 cores.
        ["Identity__PasswordHasher__IterationCount"] = "10000",
    };

    protected override EventlySystemOptions Options => new()
    {
        ProjectEnvironment = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["gateway"] = GatewayEnvironment },
    };
}
