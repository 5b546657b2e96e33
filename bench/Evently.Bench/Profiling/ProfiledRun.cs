using Evently.Testing;

namespace Evently.Bench.Profiling;

/// <summary>
/// <c>--profile</c>: one more run of a measurement with some of the system's processes CPU-profiled during its measured
/// window. It is kept out of the tables: sampling stacks costs the profiled processes some time.
/// </summary>
internal static class ProfiledRun
{
    /// <param name="title">The report's heading, from the run's result (e.g. the rate reached while profiled).</param>
    /// <param name="file">Where the markdown summary goes.</param>
    public static async Task<string> RunAsync<T>(EventlySystem system, Func<Task<T>> run, IReadOnlyList<string> processes, TimeSpan warmup,
        TimeSpan duration, Func<T, string> title, string file)
    {
        var measured = run();
        await Task.Delay(warmup + TimeSpan.FromSeconds(1));
        var window = TimeSpan.FromSeconds(Math.Max(5, duration.TotalSeconds - 3));
        var directory = Path.Combine(Path.GetTempPath(), "evently-profiles");
        var profiles = await Task.WhenAll(processes.Select(process =>
            system.Pid(process) is { } pid ? CpuProfile.CollectAsync(process, pid, window, directory) : Task.FromResult<CpuProfile.Summary?>(null)));
        var report = ProfileReport.Markdown(title(await measured), [.. profiles.OfType<CpuProfile.Summary>()]);
        await File.WriteAllTextAsync(file, report);
        Console.WriteLine(report);
        return file;
    }
}
