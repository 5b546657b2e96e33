using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Evently.ServiceDefaults.Auth;

/// <summary>
/// JWT bearer validation every service runs itself (the gateway is not the only guard):
/// issuer, audience, lifetime and signature, roles from the <c>role</c> claim (a string, or an array when a user has
/// been granted roles such as staff besides their own).
/// </summary>
public static class EventlyAuth
{
    public const string AdminPolicy = "admin";
    public const string UserPolicy = "user";
    /// <summary>Door check-in: staff (granted per user by an admin) or admin.</summary>
    public const string CheckInPolicy = "check-in";
    public const string AdminRole = "admin";
    public const string UserRole = "user";
    /// <summary>A role granted on top of user (or admin): scans tickets at the door.</summary>
    public const string StaffRole = "staff";
    public const string RoleClaim = "role";

    public static TBuilder AddEventlyAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var settings = builder.Configuration.GetSection(JwtSettings.SectionName).Get<JwtSettings>() ?? new JwtSettings();
        builder.Services.AddSingleton(settings);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.RequireHttpsMetadata = false;
                o.TokenHandlers.Clear();
                o.TokenHandlers.Add(new CachingJsonWebTokenHandler(settings.MaxCachedTokens));
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = settings.Issuer,
                    ValidAudience = settings.Audience,
                    IssuerSigningKey = settings.SigningKey(),
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    ValidateIssuerSigningKey = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = JwtRegisteredClaimNames.Sub,
                    RoleClaimType = RoleClaim,
                };
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(UserPolicy, p => p.RequireAuthenticatedUser())
            .AddPolicy(AdminPolicy, p => p.RequireRole(AdminRole))
            .AddPolicy(CheckInPolicy, p => p.RequireRole(StaffRole, AdminRole));
        // 401/403 answer problem+json like every other error.
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return builder;
    }

    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(JwtRegisteredClaimNames.Sub), out var id)
            ? id
            : throw new InvalidOperationException("The token has no user id.");

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(AdminRole);
}
