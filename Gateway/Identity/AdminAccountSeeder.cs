using Microsoft.AspNetCore.Identity;

namespace Evently.Gateway.Identity;

/// <summary>
/// Makes sure the admin account from <c>EVENTLY_ADMIN_EMAIL</c> / <c>EVENTLY_ADMIN_PASSWORD</c> exists with that
/// password before the gateway answers. Registered after the migrations so the table is there.
/// </summary>
public sealed class AdminAccountSeeder(AdminAccount admin, UserStore users, Passwords passwords, ILogger<AdminAccountSeeder> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var existing = await users.FindByEmailAsync(admin.Email, cancellationToken);
        if (existing is { Role: "admin" } && passwords.Verify(existing, admin.Password) == PasswordVerificationResult.Success)
        {
            return;
        }

        await users.UpsertAdminAsync(admin.Email, "Administrator", passwords.Hash(admin.Password), cancellationToken);
        logger.LogInformation("Admin account {Email} is ready", admin.Email);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The admin login AppHost hands the gateway.</summary>
public sealed record AdminAccount(string Email, string Password)
{
    public const string DefaultEmail = "admin@evently.local";

    public static AdminAccount FromConfiguration(IConfiguration configuration)
    {
        var email = configuration["EVENTLY_ADMIN_EMAIL"] is { Length: > 0 } e ? e.Trim() : DefaultEmail;
        var password = configuration["EVENTLY_ADMIN_PASSWORD"];
        if (string.IsNullOrEmpty(password))
        {
            throw new InvalidOperationException("EVENTLY_ADMIN_PASSWORD is not set; AppHost generates one and passes it to the gateway.");
        }

        if (AuthValidation.EmailError(email) is { } emailError)
        {
            throw new InvalidOperationException($"EVENTLY_ADMIN_EMAIL: {emailError}");
        }

        if (password.Length is < AuthValidation.MinPasswordLength or > AuthValidation.MaxPasswordLength)
        {
            throw new InvalidOperationException(
                $"EVENTLY_ADMIN_PASSWORD must be {AuthValidation.MinPasswordLength}–{AuthValidation.MaxPasswordLength} characters.");
        }

        return new AdminAccount(email, password);
    }
}
