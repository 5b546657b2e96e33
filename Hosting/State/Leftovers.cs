using Evently.Hosting.Processes;

namespace Evently.Hosting.State;

/// <summary>
/// Before starting, stops whatever a previous AppHost of the same state folder left running (it was SIGKILLed
/// or crashed): services first, then servers, each with its graceful signal, then SIGKILL for stragglers.
/// </summary>
internal sealed class Leftovers(StateFolder state, PidFiles pidFiles, TextWriter output)
{
    /// <summary>Throws when another AppHost is still running on this state folder.</summary>
    public void EnsureNoLiveAppHost()
    {
        if (!File.Exists(state.AppHostPidPath))
        {
            return;
        }

        var parts = File.ReadAllText(state.AppHostPidPath).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2 && int.TryParse(parts[0], out var pid) && long.TryParse(parts[1], out var ticks)
            && pid != Environment.ProcessId && ProcFs.IsAlive(pid) && ProcFs.StartTicks(pid) == ticks)
        {
            throw new InvalidOperationException(
                $"Another AppHost (pid {pid}) is running with the state folder {state.Root}. Stop it first, or use --state DIR.");
        }
    }

    public void RecordOwnPid() =>
        File.WriteAllText(state.AppHostPidPath, $"{Environment.ProcessId} {ProcFs.StartTicks(Environment.ProcessId)}");

    public async Task StopAsync()
    {
        var records = pidFiles.ReadAll();
        var alive = records.Where(r => r.IsAlive).ToList();
        foreach (var record in records.Except(alive))
        {
            pidFiles.Delete(record.Resource);
        }

        if (alive.Count == 0)
        {
            return;
        }

        output.WriteLine($"Stopping {alive.Count} process(es) left by a previous run: "
            + string.Join(", ", alive.Select(r => $"{r.Resource} (pid {r.Pid})")));
        // Services first so that servers see their clients go before they shut down.
        await StopGroupAsync(alive.Where(r => r.Type == ResourceTypes.Project)).ConfigureAwait(false);
        await StopGroupAsync(alive.Where(r => r.Type != ResourceTypes.Project)).ConfigureAwait(false);
    }

    private async Task StopGroupAsync(IEnumerable<PidRecord> records)
    {
        var list = records.ToList();
        foreach (var record in list)
        {
            Signals.SendToGroup(record.Pid, record.StopSignal);
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (list.Any(r => r.IsAlive) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100).ConfigureAwait(false);
        }

        foreach (var record in list)
        {
            for (var attempt = 0; attempt < 30 && ProcFs.GroupMembers(record.Pid).Count > 0; attempt++)
            {
                Signals.SendToGroupOnly(record.Pid, Signals.SIGKILL);
                await Task.Delay(100).ConfigureAwait(false);
            }

            pidFiles.Delete(record.Resource);
        }
    }
}
