using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Evently.Gateway.RateLimiting;

public static class RateLimitingRegistration
{
    /// <summary>ASP.NET Core's rate limiter, configured from <c>RateLimiting:*</c>.</summary>
    public static WebApplicationBuilder AddEventlyRateLimiting(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RateLimitingOptions.SectionName).Get<RateLimitingOptions>() ?? new RateLimitingOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<RateLimitRejection>();
        if (builder.Configuration.GetConnectionString("cache") is not null)
        {
            builder.Services.AddSingleton<RedisTokenBuckets>();
        }

        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IServiceProvider>((limiter, services) =>
        {
            if (!options.Enabled)
            {
                // The login policy must still exist for the endpoints that name it; it just never says no.
                limiter.AddPolicy(RateLimitPolicies.Login, _ => RateLimitPartition.GetNoLimiter(""));
                return;
            }

            limiter.GlobalLimiter = RateLimitPolicies.Global(options, services.GetService<RedisTokenBuckets>());
            limiter.AddPolicy<string, LoginRateLimiterPolicy>(RateLimitPolicies.Login);
            limiter.OnRejected = (context, ct) => context.HttpContext.RequestServices.GetRequiredService<RateLimitRejection>()
                .RejectAsync(context, RateLimitPolicies.PolicyOf(context.HttpContext), ct);
        });
        return builder;
    }
}
