using System.Net;
using Evently.Api.Tests.Support;
using Evently.Testing;

namespace Evently.Api.Tests.MultiInstance;

/// <summary>
/// Rate-limit buckets live in Redis, so a caller's budget holds across gateways: what other gateways spent (written
/// to Redis by the test here) is spent for this one too. Without Redis each gateway limits on its own.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SharedRateLimitTests(ApiFixture fixture)
{
    private readonly EventlySystem _system = fixture.System;

    [Fact]
    public async Task A_user_budget_spent_through_other_gateways_is_refused_here()
    {
        var redis = _system.ConnectionString("cache");
        var spender = await _system.CreateGatewayClient().RegisterUserAsync();
        var other = await _system.CreateGatewayClient().RegisterUserAsync();
        using var spenderClient = _system.CreateGatewayClient(spender.Token);
        using var otherClient = _system.CreateGatewayClient(other.Token);
        // The gateway reconnects by itself after other tests restart Redis; until then it limits on its own.
        await Eventually.UntilAsync(async () =>
        {
            using var fine = await otherClient.GetAsync("api/v1/auth/me");
            Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
            return await SharedRedis.BucketExistsAsync(redis, $"user:{other.UserId}");
        }, TimeSpan.FromSeconds(30), "the gateway counting users in Redis");

        await SharedRedis.ExhaustBucketAsync(redis, $"user:{spender.UserId}");

        using var refused = await spenderClient.GetAsync("api/v1/auth/me");
        await Problem.AssertAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        using var stillFine = await otherClient.GetAsync("api/v1/auth/me");
        Assert.Equal(HttpStatusCode.OK, stillFine.StatusCode);
    }

    [Fact]
    public async Task Sign_in_attempts_spent_through_other_gateways_are_refused_here()
    {
        var redis = _system.ConnectionString("cache");
        using var client = _system.CreateGatewayClient();
        HttpRequestMessage Attempt(string from)
        {
            var request = Burst.From(from, HttpMethod.Post, "api/v1/auth/login");
            request.Content = Json.Raw("{}");
            return request;
        }

        var warmUp = Burst.NewClientIp();
        await Eventually.UntilAsync(async () =>
        {
            using var attempt = Attempt(warmUp);
            using var answer = await client.SendAsync(attempt);
            return await SharedRedis.BucketExistsAsync(redis, $"login:{warmUp}");
        }, TimeSpan.FromSeconds(30), "the gateway counting sign-in attempts in Redis");
        var ip = Burst.NewClientIp();
        await SharedRedis.ExhaustBucketAsync(redis, $"login:{ip}");

        using var spent = Attempt(ip);
        using var refused = await client.SendAsync(spent);

        var problem = await Problem.AssertAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Contains("sign-in", Problem.Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_redis_each_gateway_still_limits_and_serves()
    {
        var (token, _, _) = await _system.CreateGatewayClient().RegisterUserAsync();
        var (otherToken, _, _) = await _system.CreateGatewayClient().RegisterUserAsync();
        using var client = _system.CreateGatewayClient(token);
        using var other = _system.CreateGatewayClient(otherToken);
        await _system.StopResourceAsync("cache");
        try
        {
            using var rejected = await Burst.UntilTooManyAsync(client, () => new HttpRequestMessage(HttpMethod.Get, "api/v1/auth/me"));
            await Problem.AssertAsync(rejected, HttpStatusCode.TooManyRequests);
            Assert.NotNull(rejected.Headers.RetryAfter?.Delta);
            using var fine = await other.GetAsync("api/v1/auth/me");
            Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
        }
        finally
        {
            await _system.StartResourceAsync("cache");
        }
    }
}
