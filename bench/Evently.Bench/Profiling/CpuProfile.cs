using System.Diagnostics;
using System.Text.Json;

namespace Evently.Bench.Profiling;

/// <summary>
/// A CPU profile of one service process while the load runs: <c>dotnet-trace</c> (the .NET diagnostics tool, a local
/// dotnet tool of this repository) samples every managed thread's stack; only the samples of threads that were on a
/// CPU count (the sampler marks them <c>CPU_TIME</c>), so waiting threads do not hide where the time goes. The
/// summary is the share of that CPU time per area of the request path and per hottest method.
/// </summary>
public static class CpuProfile
{
    public sealed record Summary(string Process, double CpuSeconds, IReadOnlyList<Share> Areas, IReadOnlyList<Share> Methods, string TraceFile);

    public sealed record Share(string Name, double Percent);

    /// <summary>Samples <paramref name="pid"/> for <paramref name="duration"/>; null (with why on stderr) when the tool is missing or fails.</summary>
    public static async Task<Summary?> CollectAsync(string process, int pid, TimeSpan duration, string directory)
    {
        Directory.CreateDirectory(directory);
        var trace = Path.Combine(directory, $"{process}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.nettrace");
        var seconds = (int)Math.Ceiling(duration.TotalSeconds);
        if (!await ToolAsync("collect", "-p", pid.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--profile", "dotnet-sampled-thread-time", "--duration", $"00:00:00:{seconds:00}", "-o", trace)
            || !await ToolAsync("convert", trace, "--format", "speedscope", "-o", Path.ChangeExtension(trace, null)))
        {
            return null;
        }

        var speedscope = Directory.GetFiles(directory, Path.GetFileNameWithoutExtension(trace) + "*.speedscope.json").FirstOrDefault();
        return speedscope is null ? null : Summarise(process, speedscope, trace);
    }

    public static Summary Summarise(string process, string speedscopeFile, string traceFile)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(speedscopeFile));
        var frames = document.RootElement.GetProperty("shared").GetProperty("frames").EnumerateArray()
            .Select(f => ShortName(f.GetProperty("name").GetString() ?? "?")).ToArray();
        var cpuFrame = Array.IndexOf(frames, "CPU_TIME");
        var exclusive = new Dictionary<string, double>();
        var areas = new Dictionary<string, double>();
        double total = 0;
        foreach (var profile in document.RootElement.GetProperty("profiles").EnumerateArray())
        {
            var stack = new List<int>();
            double? last = null;
            foreach (var e in profile.GetProperty("events").EnumerateArray())
            {
                var at = e.GetProperty("at").GetDouble();
                if (last is { } from && stack.Count > 1 && stack[^1] == cpuFrame)
                {
                    var ms = at - from;
                    total += ms;
                    Add(exclusive, frames[stack[^2]], ms);
                    Add(areas, ProfileAreas.Of(stack.Select(i => frames[i])), ms);
                }

                last = at;
                if (e.GetProperty("type").GetString() == "O")
                {
                    stack.Add(e.GetProperty("frame").GetInt32());
                }
                else if (stack.Count > 0)
                {
                    stack.RemoveAt(stack.Count - 1);
                }
            }
        }

        static List<Share> Top(Dictionary<string, double> d, double total, int n) =>
            [.. d.OrderByDescending(p => p.Value).Take(n).Select(p => new Share(p.Key, total == 0 ? 0 : Math.Round(100 * p.Value / total, 1)))];
        return new Summary(process, Math.Round(total / 1000, 1), Top(areas, total, 20), Top(exclusive, total, 15), traceFile);
    }

    private static void Add(Dictionary<string, double> d, string key, double ms) => d[key] = d.GetValueOrDefault(key) + ms;

    /// <summary>"Module!Namespace.Type.Method(args)" → "Type.Method".</summary>
    private static string ShortName(string frame)
    {
        var name = frame[(frame.IndexOf('!') + 1)..];
        var paren = name.IndexOf('(');
        if (paren > 0)
        {
            name = name[..paren];
        }

        var parts = name.Split('.');
        return parts.Length >= 2 ? $"{parts[^2]}.{parts[^1]}" : name;
    }

    private static async Task<bool> ToolAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot() };
        foreach (var a in new[] { "tool", "run", "dotnet-trace" }.Concat(args))
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            await Console.Error.WriteLineAsync($"dotnet-trace {args[0]} failed ({process.ExitCode}): {error}{await output}");
        }

        return process.ExitCode == 0;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Evently.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Environment.CurrentDirectory;
    }
}
