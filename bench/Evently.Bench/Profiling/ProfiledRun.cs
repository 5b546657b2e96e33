using System.Globalization;
using Evently.Bench.Profiling;
using Evently.Testing;

namespace Evently.Bench.Booking;

/// <summary>
/// <c>--profile</c>: one more run of the first strategy at its first level, with the gateway and the booking service profiled
/// during its measured window. It is kept out of the table: sampling stacks costs the profiled processes some time.
/// </summary>
internal static class ProfiledRun
{
    public static async Task<string> RunAsync(EventlySystem system, Func<Task<BookingBench.Run>> run, string strategy, int connections,
        BookingBenchOptions options)
    {
        var measured = run();
        await Task.Delay(options.Warmup + TimeSpan.FromSeconds(1));
        var window = TimeSpan.FromSeconds(Math.Max(5, options.Duration.TotalSeconds - 3));
        var directory = Path.Combine(Path.GetTempPath(), "evently-profiles");
        var profiles = await Task.WhenAll(new[] { "gateway", "booking" }.Select(process =>
            system.Pid(process) is { } pid ? CpuProfile.CollectAsync(process, pid, window, directory) : Task.FromResult<CpuProfile.Summary?>(null)));
        var result = await measured;
        var title = string.Create(CultureInfo.InvariantCulture,
            $"{strategy} at {connections:N0} connections ({result.Load.PerSecond("booked"):N0} bookings/s while profiled)");
        var report = ProfileReport.Markdown(title, [.. profiles.OfType<CpuProfile.Summary>()]);
        var file = Path.Combine(BookingReport.ResultsDirectory(), $"profile-{strategy}-{connections}.md");
        await File.WriteAllTextAsync(file, report);
        Console.WriteLine(report);
        return file;
    }
}
