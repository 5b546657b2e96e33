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
    public static PartitionedRateLimiter<HttpContext> Global(RateLimitingOptions options) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
            SubjectOf(context.User) is { } subject
                ? RateLimitPartition.GetTokenBucketLimiter("user:" + subject, _ => options.User.ToLimiterOptions())
                : RateLimitPartition.GetTokenBucketLimiter("ip:" + ClientIp(context), _ => options.Anonymous.ToLimiterOptions()));

    public static string PolicyOf(HttpContext context) => SubjectOf(context.User) is null ? Anonymous : User;

    public static string ClientIp(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } ip ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString() : IPAddress.None.ToString();

    private static string? SubjectOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(JwtRegisteredClaimNames.Sub) : null;
}

/// <summary>The stricter per-IP bucket on credential endpoints, against credential stuffing.</summary>
public sealed class LoginRateLimiterPolicy(RateLimitingOptions options, RateLimitRejection rejection) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected =>
        (context, ct) => rejection.RejectAsync(context, RateLimitPolicies.Login, ct);

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetTokenBucketLimiter("login:" + RateLimitPolicies.ClientIp(httpContext), _ => options.Login.ToLimiterOptions());
}
