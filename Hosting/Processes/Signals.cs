using System.Runtime.InteropServices;

namespace Evently.Hosting.Processes;

/// <summary>
/// kill(2): .NET can only SIGKILL, but graceful stops need SIGINT (PostgreSQL's fast shutdown) and SIGTERM.
/// Every child runs in its own session (setsid), so a negative pid reaches the whole process group.
/// </summary>
public static partial class Signals
{
    public const int SIGINT = 2;
    public const int SIGQUIT = 3;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public static bool Send(int pid, int signal) => pid > 0 && Kill(pid, signal) == 0;

    /// <summary>Signals the group led by <paramref name="pgid"/>; falls back to the process alone
    /// when the group does not exist yet (a child that has not reached setsid).</summary>
    public static bool SendToGroup(int pgid, int signal) =>
        pgid > 0 && (Kill(-pgid, signal) == 0 || Kill(pgid, signal) == 0);

    /// <summary>Signals the group only: safe after the leader has exited (its pid may already belong to someone else).</summary>
    public static bool SendToGroupOnly(int pgid, int signal) => pgid > 0 && Kill(-pgid, signal) == 0;

    public static string Name(int signal) => signal switch
    {
        SIGINT => "SIGINT",
        SIGQUIT => "SIGQUIT",
        SIGKILL => "SIGKILL",
        SIGTERM => "SIGTERM",
        _ => $"signal {signal}",
    };
}
