namespace Evently.AnalyticsService.LoadTests;

/// <summary>
/// Load-test users kept from one test to the next, per gateway, until shortly before their tokens expire. Signing up
/// is rate-limited per client address (the gateway's login limit), so a second test a minute after the first (the
/// seed's 100 then 1,000 users, as <c>./evently demo</c> runs them) would otherwise find the budget spent by the first
/// and get no user at all. Each instance keeps its own; only one test runs at a time anyway.
/// </summary>
public sealed class LoadTestUsers(GatewayClient gatewayClient, TimeProvider clock)
{
    /// <summary>A token this close to its expiry is not handed to a test, which may run for minutes.</summary>
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromMinutes(10);

    private readonly Lock _lock = new();
    private readonly Dictionary<Uri, List<GatewayClient.UserToken>> _kept = [];

    /// <summary>Up to <paramref name="count"/> tokens: kept users first, then new ones for the rest (as many as the gateway allows).</summary>
    public async Task<List<string>> GetAsync(Uri gateway, string testId, int count, CancellationToken ct)
    {
        List<GatewayClient.UserToken> users;
        lock (_lock)
        {
            var usableAfter = clock.GetUtcNow() + ExpiryMargin;
            users = [.. _kept.GetValueOrDefault(gateway, []).Where(u => u.ExpiresAt > usableAfter)];
        }

        if (users.Count < count)
        {
            users.AddRange(await gatewayClient.RegisterUsersAsync(gateway, testId, count - users.Count, ct));
            lock (_lock)
            {
                _kept[gateway] = users;
            }
        }

        return [.. users.Take(count).Select(u => u.Token)];
    }
}
