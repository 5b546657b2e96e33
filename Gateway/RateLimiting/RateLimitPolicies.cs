using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Evently.Gateway.RateLimiting;

/// <summary>Partitioning rules: who shares a bucket with whom.</summary>
public static class RateLimitPolicies
{
    /// <summary>Endpoint policy on <c>POST /auth/login</c> and <c>/auth/register</c>.</summary>
    public const string Login = "login";
    public const string User = "user";
    public const string Anonymous = "anonymous";

    /// <summary>
    /// Every request: authenticated callers by token subject (so users behind one NAT don't starve each other),
    /// anonymous ones by client IP. Runs after authentication, so a forged token lands in its sender's IP bucket.
    /// </summary>
    /// <param name="shared">The buckets every gateway shares; null (no Redis configured) keeps them per process.</param>
    public static PartitionedRateLimiter<HttpContext> Global(RateLimitingOptions options, RedisTokenBuckets? shared) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
            SubjectOf(context.User) is { } subject
                ? Bucket("user:" + subject, options.User, shared)
                : Bucket("ip:" + ClientIp(context), options.Anonymous, shared));

    public static RateLimitPartition<string> Bucket(string partition, TokenBucketSettings bucket, RedisTokenBuckets? shared) =>
        shared is null
            ? RateLimitPartition.GetTokenBucketLimiter(partition, _ => bucket.ToLimiterOptions())
            : RateLimitPartition.Get(partition, key => new SharedTokenBucketLimiter(key, bucket, shared));

    public static string PolicyOf(HttpContext context) => SubjectOf(context.User) is null ? Anonymous : User;

    public static string ClientIp(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } ip ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString() : IPAddress.None.ToString();

    private static string? SubjectOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(JwtRegisteredClaimNames.Sub) : null;
}

/// <summary>The stricter per-IP bucket on credential endpoints, against credential stuffing.</summary>
public sealed class LoginRateLimiterPolicy(RateLimitingOptions options, RateLimitRejection rejection, RedisTokenBuckets? shared = null)
    : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected =>
        (context, ct) => rejection.RejectAsync(context, RateLimitPolicies.Login, ct);

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPolicies.Bucket("login:" + RateLimitPolicies.ClientIp(httpContext), options.Login, shared);
}
