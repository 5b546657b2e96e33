using System.Collections.Concurrent;

namespace Evently.Hosting.Processes;

/// <summary>Short-lived helper commands (initdb, chown, rabbitmqctl) with their output kept for error messages.</summary>
internal static class Command
{
    public static async Task<(int ExitCode, string Output)> RunAsync(ProcessSpec spec, TimeSpan timeout, CancellationToken ct)
    {
        var lines = new ConcurrentQueue<string>();
        using var process = ManagedProcess.Start(spec, (line, _) => lines.Enqueue(line));
        if (!await process.WaitForExitAsync(timeout, ct).ConfigureAwait(false))
        {
            await process.KillGroupAsync().ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            throw new ResourceException($"`{spec.CommandLine}` did not finish within {timeout.TotalSeconds:0} s.");
        }

        return (await process.Exited.ConfigureAwait(false), string.Join('\n', lines));
    }

    /// <summary>Runs the command and throws with its output when it fails.</summary>
    public static async Task RunCheckedAsync(ProcessSpec spec, TimeSpan timeout, CancellationToken ct)
    {
        var (exitCode, output) = await RunAsync(spec, timeout, ct).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new ResourceException($"`{spec.CommandLine}` failed with exit code {exitCode}: {output.Trim()}");
        }
    }

    public static Task ChownAsync(string path, string user, CancellationToken ct) =>
        RunCheckedAsync(new ProcessSpec("chown", ["-R", $"{user}:{user}", path]), TimeSpan.FromSeconds(30), ct);
}
