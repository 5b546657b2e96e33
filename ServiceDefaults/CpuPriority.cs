using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;

namespace Evently.ServiceDefaults;

/// <summary>
/// <c>Process:Nice</c> (0–19, default 0): the CPU niceness this service runs at. Services that do background work only
/// (analytics, webhooks: they consume messages and serve admins) yield the cores to the buyer's request path when the
/// system shares a machine, as the message broker does; in production each runs on its own resources anyway.
/// </summary>
public static partial class CpuPriority
{
    public const string Key = "Process:Nice";

    // setpriority's PRIO_PROCESS: on Linux "who" is a thread id and applies to that thread alone.
    private const int PrioProcess = 0;

    public static void Apply(IConfiguration configuration)
    {
        var nice = configuration.GetValue<int?>(Key) ?? 0;
        if (nice is <= 0 or > 19 || !OperatingSystem.IsLinux())
        {
            return;
        }

        // Linux niceness is per thread and a new thread inherits its creator's, so every thread running now is lowered
        // (twice: one may start another while the first pass runs) and every later one inherits it.
        try
        {
            for (var pass = 0; pass < 2; pass++)
            {
                foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
                {
                    if (int.TryParse(Path.GetFileName(task), out var threadId))
                    {
                        _ = SetPriority(PrioProcess, threadId, nice);
                    }
                }
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or IOException)
        {
            // A priority is a courtesy to the other services on the machine: without it this one still works.
            Console.Error.WriteLine($"CPU niceness {nice} not applied: {e.Message}");
        }
    }

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);
}
