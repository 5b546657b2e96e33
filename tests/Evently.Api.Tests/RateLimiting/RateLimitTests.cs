using System.Net;
using Evently.Api.Tests.Support;
using Evently.Testing;

namespace Evently.Api.Tests.RateLimiting;

/// <summary>
/// Bursts until the gateway says 429 (bounded, no timing assumptions), each against a bucket no other test uses:
/// a fresh user, or a client IP of its own through X-Forwarded-For.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RateLimitTests(ApiFixture fixture)
{
    private readonly EventlySystem _system = fixture.System;

    [Fact]
    public async Task A_user_bursting_gets_429_with_retry_after_and_other_users_do_not()
    {
        var (token, _, _) = await _system.CreateGatewayClient().RegisterUserAsync();
        using var client = _system.CreateGatewayClient(token);

        using var rejected = await Burst.UntilTooManyAsync(client, () => new HttpRequestMessage(HttpMethod.Get, "api/v1/auth/me"));

        await AssertTooManyAsync(rejected);
        var (otherToken, _, _) = await _system.CreateGatewayClient().RegisterUserAsync();
        using var other = _system.CreateGatewayClient(otherToken);
        using var fine = await other.GetAsync("api/v1/auth/me");
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }

    [Fact]
    public async Task Anonymous_calls_are_limited_per_client_ip()
    {
        using var client = _system.CreateGatewayClient();
        var ip = Burst.NewClientIp();

        // /auth/me without a token is answered 401 by the gateway itself: the burst costs no downstream work.
        using var rejected = await Burst.UntilTooManyAsync(client, () => Burst.From(ip, HttpMethod.Get, "api/v1/auth/me"));

        await AssertTooManyAsync(rejected);
        using var otherIp = await client.SendAsync(Burst.From(Burst.NewClientIp(), HttpMethod.Get, "api/v1/events"));
        Assert.Equal(HttpStatusCode.OK, otherIp.StatusCode);
    }

    [Theory]
    [InlineData("api/v1/auth/login")]
    [InlineData("api/v1/auth/register")]
    public async Task Sign_in_attempts_have_a_stricter_limit_per_ip(string path)
    {
        using var client = _system.CreateGatewayClient();
        var ip = Burst.NewClientIp();
        // An empty body is refused with 400 after the limiter has counted it: cheap, and just as limited.
        HttpRequestMessage Attempt(string from)
        {
            var request = Burst.From(from, HttpMethod.Post, path);
            request.Content = Json.Raw("{}");
            return request;
        }

        using var rejected = await Burst.UntilTooManyAsync(client, () => Attempt(ip));

        var problem = await AssertTooManyAsync(rejected);
        Assert.Contains("sign-in", Problem.Detail(problem), StringComparison.Ordinal);
        using var otherIp = await client.SendAsync(Attempt(Burst.NewClientIp()));
        Assert.Equal(HttpStatusCode.BadRequest, otherIp.StatusCode);
    }

    private static async Task<System.Text.Json.JsonElement> AssertTooManyAsync(HttpResponseMessage response)
    {
        var problem = await Problem.AssertAsync(response, HttpStatusCode.TooManyRequests);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.True(retryAfter >= TimeSpan.FromSeconds(1), $"Retry-After {retryAfter}");
        return problem;
    }
}
