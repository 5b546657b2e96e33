using System.Diagnostics;

namespace Evently.Hosting.Processes;

/// <summary>
/// A child process in its own session (setsid), so that Ctrl+C in the terminal reaches only AppHost (which then
/// stops children in order) and one signal to the group reaches every process the child spawned.
/// setpriv switches to a system user without the extra parent process that runuser/su keep around,
/// so <see cref="Pid"/> is the server itself (the PostgreSQL postmaster, redis-server, dotnet).
/// </summary>
internal sealed class ManagedProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _reaped;

    private ManagedProcess(Process process, DateTimeOffset startedAt)
    {
        _process = process;
        Pid = process.Id;
        StartedAt = startedAt;
        StartTicks = ProcFs.StartTicks(Pid) ?? 0;
    }

    public int Pid { get; }

    public long StartTicks { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>Completes with the exit code (128 + signal when killed) once the process is gone and its output drained.</summary>
    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Starts the process; each line of stdout/stderr goes to <paramref name="onLine"/> (text, isError).</summary>
    public static ManagedProcess Start(ProcessSpec spec, Action<string, bool> onLine)
    {
        var info = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = spec.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        if (spec.Nice > 0)
        {
            // Linux shares CPU between sessions (autogroups) first and threads second, so the new session's own nice
            // value is what counts; `nice` covers kernels without autogroups. Both happen before the program starts.
            foreach (var arg in new[] { "sh", "-c", """echo "$0" > /proc/self/autogroup 2>/dev/null; exec nice -n "$0" "$@" """,
                         spec.Nice.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            {
                info.ArgumentList.Add(arg);
            }
        }

        if (spec.User is { } user)
        {
            foreach (var arg in new[] { "setpriv", "--reuid", user, "--regid", user, "--init-groups", "--" })
            {
                info.ArgumentList.Add(arg);
            }
        }

        info.ArgumentList.Add(spec.FileName);
        foreach (var arg in spec.Arguments)
        {
            info.ArgumentList.Add(arg);
        }

        ChildEnvironment.Apply(info.Environment, spec.Environment);

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        ManagedProcess? managed = null;
        process.OutputDataReceived += (_, e) => OnData(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => OnData(e.Data, isError: true);
        process.Exited += (_, _) => managed?.OnExited();

        var startedAt = DateTimeOffset.UtcNow;
        process.Start();
        managed = new ManagedProcess(process, startedAt);
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (process.HasExited)
        {
            managed.OnExited();
        }

        return managed;

        void OnData(string? line, bool isError)
        {
            if (line is null)
            {
                (isError ? managed?._stderrClosed : managed?._stdoutClosed)?.TrySetResult();
                return;
            }

            onLine(line, isError);
        }
    }

    /// <summary>No-op once the process has exited: its pid may have been reused.</summary>
    public void Signal(int signal)
    {
        if (!_reaped)
        {
            Signals.Send(Pid, signal);
        }
    }

    public void SignalGroup(int signal)
    {
        if (!_reaped)
        {
            Signals.SendToGroup(Pid, signal);
        }
    }

    /// <summary>Waits for exit; false on timeout.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        var done = await Task.WhenAny(Exited, Task.Delay(timeout, ct)).ConfigureAwait(false);
        return done == Exited;
    }

    /// <summary>SIGKILL to the whole group, then waits for the exit and for every group member to be gone.</summary>
    public async Task KillGroupAsync()
    {
        SignalGroup(Signals.SIGKILL);
        await WaitForExitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        await SweepGroupAsync().ConfigureAwait(false);
    }

    /// <summary>After the main process exited, kills anything it left in its group (grandchildren that outlived it).</summary>
    public async Task SweepGroupAsync()
    {
        for (var attempt = 0; attempt < 50 && ProcFs.GroupMembers(Pid).Count > 0; attempt++)
        {
            Signals.SendToGroupOnly(Pid, Signals.SIGKILL);
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    public void Dispose() => _process.Dispose();

    private void OnExited()
    {
        _reaped = true;
        if (_exited.Task.IsCompleted)
        {
            return;
        }

        // Give the pipes a moment to drain so the last log lines (often the reason of a crash) are captured,
        // without waiting forever on a grandchild that inherited them.
        _ = Task.WhenAny(Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task), Task.Delay(TimeSpan.FromSeconds(1)))
            .ContinueWith(_ => _exited.TrySetResult(SafeExitCode()), TaskScheduler.Default);
    }

    private int SafeExitCode()
    {
        try
        {
            return _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }
}
