using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Evently.Hosting.State;

/// <summary>
/// Generated once per state folder and reused, so tokens and logins survive restarts. The admin login comes from
/// EVENTLY_ADMIN_EMAIL / EVENTLY_ADMIN_PASSWORD when given; only a password nobody gave is generated (and kept).
/// </summary>
public sealed record Secrets(string JwtKey, string AdminEmail, string AdminPassword, string DashboardToken)
{
    public const string DefaultAdminEmail = "admin@evently.local";

    // snake_case, as state folders written before the move to Aspire have it: their keys and logins stay valid.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Stands in when publishing a manifest: no state folder is touched and no value is written out.</summary>
    public static Secrets Placeholder { get; } = new("", DefaultAdminEmail, "", "");

    /// <summary>True when the admin password was generated here rather than given.</summary>
    public bool AdminPasswordGenerated { get; init; }

    public static Secrets LoadOrCreate(string path, IConfiguration configuration)
    {
        var stored = File.Exists(path) ? JsonSerializer.Deserialize<Stored>(File.ReadAllText(path), Json) : null;
        if (stored is null || stored.JwtKey.Length < 32)
        {
            stored = new Stored(
                Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
                "Admin-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
                Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
            File.WriteAllText(path, JsonSerializer.Serialize(stored, Json));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        var givenPassword = configuration["EVENTLY_ADMIN_PASSWORD"] is { Length: > 0 } p ? p : null;
        return new Secrets(
            stored.JwtKey,
            configuration["EVENTLY_ADMIN_EMAIL"] is { Length: > 0 } email ? email : DefaultAdminEmail,
            givenPassword ?? stored.AdminPassword,
            stored.DashboardToken)
        {
            AdminPasswordGenerated = givenPassword is null,
        };
    }

    private sealed record Stored(string JwtKey, string AdminPassword, string DashboardToken);
}
