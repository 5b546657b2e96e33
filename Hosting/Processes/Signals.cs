using System.Runtime.InteropServices;

namespace Evently.Hosting.Processes;

/// <summary>
/// kill(2): .NET can only SIGKILL, but graceful stops need SIGINT (PostgreSQL's fast shutdown) and SIGTERM.
/// </summary>
public static partial class Signals
{
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public static bool Send(int pid, int signal) => pid > 0 && Kill(pid, signal) == 0;
}
