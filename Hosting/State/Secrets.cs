using System.Security.Cryptography;
using System.Text.Json;

namespace Evently.Hosting.State;

/// <summary>Generated once per state folder and reused, so tokens and logins survive restarts.</summary>
public sealed record Secrets(string JwtKey, string AdminEmail, string AdminPassword, string DashboardToken, string OtlpApiKey)
{
    public static Secrets LoadOrCreate(string path)
    {
        if (File.Exists(path) && JsonSerializer.Deserialize<Secrets>(File.ReadAllText(path), HostingJson.Options) is { } existing
            && existing.JwtKey.Length >= 32)
        {
            return existing;
        }

        var secrets = new Secrets(
            JwtKey: Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            AdminEmail: "admin@evently.local",
            AdminPassword: "Admin-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
            DashboardToken: Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            OtlpApiKey: Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        File.WriteAllText(path, JsonSerializer.Serialize(secrets, HostingJson.Options));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return secrets;
    }
}
