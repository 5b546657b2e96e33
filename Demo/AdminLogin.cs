using System.Text.Json;

namespace Evently.Demo;

/// <summary>
/// The admin's email and password, found as a user would give them: <c>EVENTLY_ADMIN_EMAIL</c> /
/// <c>EVENTLY_ADMIN_PASSWORD</c>, else the password <c>./evently up</c> generated and kept in its state folder
/// (<c>.evently/secrets.json</c> at the repository root, looked for from the current folder upwards, then from the
/// demo's own folder upwards), with the default admin email (AppHost's <c>Secrets.DefaultAdminEmail</c>).
/// </summary>
public sealed record AdminLogin(string Email, string Password, string Source)
{
    public const string DefaultEmail = "admin@evently.local";
    private const string SecretsFile = ".evently/secrets.json";

    /// <returns>The login, or null with the reason when none can be found.</returns>
    public static (AdminLogin? Login, string? Error) Find(Func<string, string?> environment, string currentDirectory)
    {
        var email = environment("EVENTLY_ADMIN_EMAIL") is { Length: > 0 } e ? e : DefaultEmail;
        if (environment("EVENTLY_ADMIN_PASSWORD") is { Length: > 0 } password)
        {
            return (new AdminLogin(email, password, "EVENTLY_ADMIN_PASSWORD"), null);
        }

        // From where the user is, then from the demo's build output (Demo/bin/... inside the repository).
        foreach (var start in new[] { currentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var path = Path.Combine(dir.FullName, SecretsFile);
                if (File.Exists(path))
                {
                    return ReadSecrets(path, email);
                }
            }
        }

        return (null, $"No admin password: set EVENTLY_ADMIN_PASSWORD, or run from the repository whose {SecretsFile} ./evently up wrote.");
    }

    private static (AdminLogin?, string?) ReadSecrets(string path, string email)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            // snake_case, as Hosting/State/Secrets.cs writes it.
            return document.RootElement.TryGetProperty("admin_password", out var p) && p.GetString() is { Length: > 0 } password
                ? (new AdminLogin(email, password, path), null)
                : (null, $"{path} has no admin_password.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return (null, $"{path} cannot be read: {e.Message}");
        }
    }
}
