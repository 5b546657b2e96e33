using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Evently.Gateway.Identity;

public static class IdentityRegistration
{
    /// <summary>Users, password hashing, token issuing and the admin account. Call after <c>AddMigrations</c>.</summary>
    public static WebApplicationBuilder AddEventlyIdentity(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(AdminAccount.FromConfiguration(builder.Configuration));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<UserStore>();
        builder.Services.Configure<PasswordHasherOptions>(builder.Configuration.GetSection("Identity:PasswordHasher"));
        builder.Services.AddSingleton<Passwords>();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddHostedService<AdminAccountSeeder>();
        return builder;
    }
}
