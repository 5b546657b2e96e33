using System.Globalization;

namespace Evently.Hosting.Processes;

/// <summary>
/// Reads /proc. A process counts as alive only when it is not a zombie: PID 1 on these machines does not
/// reap orphans, so a dead server can linger as a zombie that kill(pid, 0) still reports.
/// </summary>
public static class ProcFs
{
    private readonly record struct Stat(char State, int ProcessGroup, int Nice, long StartTicks);

    public static bool IsAlive(int pid) => Read(pid) is { State: not ('Z' or 'X') };

    /// <summary>Start time in clock ticks since boot: with the pid it identifies a process even after pid reuse.</summary>
    public static long? StartTicks(int pid) => Read(pid)?.StartTicks;

    /// <summary>The process's niceness (0 normal, 19 lowest priority).</summary>
    public static int? Nice(int pid) => Read(pid)?.Nice;

    /// <summary>Live members of a process group (every process of one resource, since each runs in its own session).</summary>
    public static IReadOnlyList<int> GroupMembers(int pgid)
    {
        var members = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Read(pid) is { State: not ('Z' or 'X') } stat && stat.ProcessGroup == pgid)
            {
                members.Add(pid);
            }
        }

        return members;
    }

    private static Stat? Read(int pid)
    {
        if (pid <= 0)
        {
            return null;
        }

        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid pgrp session ... nice(19th) ... starttime(22nd)": comm may hold spaces, so split after ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 19
            ? new Stat(fields[0][0], int.Parse(fields[2], CultureInfo.InvariantCulture), int.Parse(fields[16], CultureInfo.InvariantCulture),
                long.Parse(fields[19], CultureInfo.InvariantCulture))
            : null;
    }
}
