using System.Security.Cryptography;

namespace Evently.Deploy.Kustomize;

/// <summary>
/// A <c>KEY=VALUE</c> file that a kustomize <c>secretGenerator</c> reads: the only place a generated credential is
/// written. Values already there are kept on the next publish (a database initialised with a password must keep it;
/// an operator's managed connection string must survive), new keys get fresh values, keys the model lost go.
/// The file is readable by its owner only.
/// </summary>
public static class SecretEnvFile
{
    public static void Write(string path, IEnumerable<string> keys, Func<string, string> create)
    {
        var existing = Read(path);
        var lines = keys.Select(key => $"{key}={(existing.TryGetValue(key, out var kept) ? kept : create(key))}");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Created private before anything is written to it.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, options))
        {
            foreach (var line in lines)
            {
                writer.Write(line);
                writer.Write('\n');
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public static Dictionary<string, string> Read(string path) =>
        !File.Exists(path)
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : File.ReadLines(path)
                .Where(line => line.Length > 0 && !line.StartsWith('#') && line.Contains('=', StringComparison.Ordinal))
                .Select(line => line.Split('=', 2))
                .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);

    /// <summary>Hex: safe inside a URI, a connection string and an env file alike.</summary>
    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
