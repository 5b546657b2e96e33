using System.Net;
using Evently.Testing;

namespace Evently.Replicas.Tests;

/// <summary>A user's request budget is one budget, however many gateways the requests are spread over.</summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class RateLimitTests(ReplicasFixture fixture)
{
    private EventlySystem System => fixture.System;

    [Fact]
    public async Task A_users_limit_holds_across_both_gateways()
    {
        var (user, _) = await Api.NewUserAsync(System);
        var token = user.DefaultRequestHeaders.Authorization;
        user.Dispose();
        var gateways = System.Instances("gateway").Select(i => new HttpClient
        {
            BaseAddress = System.ReplicaUrl(i),
            DefaultRequestHeaders = { Authorization = token },
        }).ToList();
        try
        {
            // Three budgets' worth, alternating gateways: per-gateway buckets would let two budgets through.
            var answers = new List<HttpResponseMessage>();
            for (var i = 0; i < 3 * ReplicasFixture.UserTokens; i++)
            {
                answers.Add(await gateways[i % gateways.Count].GetAsync("api/v1/bookings"));
            }

            var allowed = answers.Count(a => a.StatusCode == HttpStatusCode.OK);
            var limited = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            Assert.Equal(answers.Count, allowed + limited.Count);
            // The bucket refills 40 a minute: the run may earn a token or two back, never a second budget.
            Assert.InRange(allowed, ReplicasFixture.UserTokens, ReplicasFixture.UserTokens + 5);
            Assert.All(limited, a => Assert.True(a.Headers.RetryAfter is not null, "429 without Retry-After"));
            Assert.All(gateways, g => Assert.Contains(limited, a => a.RequestMessage!.RequestUri!.Authority == g.BaseAddress!.Authority));
            answers.ForEach(a => a.Dispose());
        }
        finally
        {
            gateways.ForEach(g => g.Dispose());
        }
    }
}
