using System.Diagnostics;

namespace Evently.Hosting.Processes;

/// <summary>Runs a short preparation command (initdb, chown, cp) to completion; throws with its output when it fails.</summary>
public static class Run
{
    public static async Task CheckedAsync(string file, IEnumerable<string> args, CancellationToken ct, string? asUser = null)
    {
        var info = new ProcessStartInfo(asUser is null ? file : "/usr/bin/setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asUser is not null)
        {
            foreach (var a in new[] { $"--reuid={asUser}", $"--regid={asUser}", "--init-groups", file })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["LC_ALL"] = "C.UTF-8";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {await stderr.ConfigureAwait(false)}{await stdout.ConfigureAwait(false)}");
        }
    }
}
