using System.Diagnostics;

namespace Evently.ClientGen;

/// <summary>
/// Kiota (the repository's local dotnet tool) generating the C# client from the snapshot. One list of arguments for
/// `./evently client` and for the test that regenerates into a temp folder, so both produce the same files.
/// </summary>
public static class Kiota
{
    /// <summary>The client project's folder, relative to the repository root.</summary>
    public const string ClientFolder = "Client";

    /// <summary>The snapshot and the generated code, relative to <see cref="ClientFolder"/>.</summary>
    public const string SnapshotFile = "openapi.json";

    public const string GeneratedFolder = "Generated";

    private const string LogFile = ".kiota.log";
    public const string ClassName = "EventlyApiClient";
    public const string Namespace = "Evently.Client";

    /// <summary>
    /// Runs <c>dotnet kiota generate</c> on <paramref name="folder"/>: from its <see cref="SnapshotFile"/> into its
    /// <see cref="GeneratedFolder"/> (emptied first). kiota-lock.json records the description's path relative to the
    /// output, so any folder laid out like Client/ (a temp copy in a test) gives the same files.
    /// </summary>
    /// <param name="toolDirectory">Where dotnet-tools.json is (the repository root), so the pinned Kiota runs.</param>
    /// <returns>Kiota's exit code and what it printed.</returns>
    public static async Task<(int ExitCode, string Output)> GenerateAsync(string folder, string toolDirectory, CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = toolDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The snapshot has no servers on purpose (the gateway's address is the caller's to give): not a warning.
        string[] arguments =
        [
            "tool", "run", "kiota", "--", "generate", "--language", "CSharp", "--openapi", Path.Combine(folder, SnapshotFile),
            "--output", Path.Combine(folder, GeneratedFolder), "--class-name", ClassName, "--namespace-name", Namespace,
            "--exclude-backward-compatible", "--clean-output", "--disable-validation-rules", "NoServerEntry", "--log-level", "Warning",
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Offline: no update check against a release feed; no tutorial hints in the output.
        start.Environment["KIOTA_OFFLINE_ENABLED"] = "true";
        start.Environment["KIOTA_TUTORIAL_ENABLED"] = "false";
        start.Environment["KIOTA_CONSOLE_COLORS_ENABLED"] = "false";
        start.Environment["KIOTA_CLI_TELEMETRY_OPTOUT"] = "true";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        // Kiota leaves its run's log (the warnings it printed) beside the code: not part of the client.
        File.Delete(Path.Combine(folder, GeneratedFolder, LogFile));
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }
}
