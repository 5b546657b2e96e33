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


    /// <summary>The process's niceness (0 normal, 19 lowest priority): its main thread's.</summary>
    public static int? Nice(int pid) => Read(pid)?.Nice;

    /// <summary>The niceness of each of the process's threads (Linux keeps one per thread); empty when it is gone.</summary>
    public static IReadOnlyList<int> ThreadNices(int pid)
    {
        try
        {
            return Directory.EnumerateDirectories($"/proc/{pid}/task")
                .Select(task => int.TryParse(Path.GetFileName(task), out var tid) ? Read(pid, tid)?.Nice : null)
                .OfType<int>()
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The process's command line, arguments joined by spaces ("" when it is gone).</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').TrimEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>One variable of the environment the process started with; null when unset or the process is gone.</summary>
    public static string? EnvironmentVariable(int pid, string name)
    {
        try
        {
            var prefix = name + "=";
            return File.ReadAllText($"/proc/{pid}/environ").Split('\0').FirstOrDefault(v => v.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Every pid in /proc.</summary>
    public static IEnumerable<int> AllPids() =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    /// <summary>Name of the user the process runs as (its real uid, from /proc/PID/status).</summary>
    public static string? User(int pid)
    {
        try
        {
            var uid = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?
                .Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];
            return File.ReadLines("/etc/passwd").Select(l => l.Split(':')).FirstOrDefault(f => f.Length > 2 && f[2] == uid)?[0];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Pids of the live children of <paramref name="pid"/>, from /proc/PID/task/*/children.</summary>
    public static IReadOnlyList<int> Children(int pid)
    {
        var children = new List<int>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                foreach (var child in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    children.Add(int.Parse(child, CultureInfo.InvariantCulture));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return children;
    }


    private static Stat? Read(int pid, int? thread = null)
    {
        if (pid <= 0)
        {
            return null;
        }

        string text;
        try
        {
            text = File.ReadAllText(thread is { } tid ? $"/proc/{pid}/task/{tid}/stat" : $"/proc/{pid}/stat");
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
