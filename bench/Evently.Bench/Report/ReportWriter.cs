using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Evently.Bench.Booking;
using Evently.Bench.Load;

namespace Evently.Bench.Report;

/// <summary>
/// Writes each scenario's raw numbers (<c>bench/results/&lt;scenario&gt;-&lt;stamp&gt;.json</c>) and Markdown section
/// (<c>&lt;scenario&gt;.md</c>), then assembles <c>bench/results/REPORT.md</c> from every section present, so a run of
/// one scenario refreshes its part of the report.
/// </summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private static readonly string[] Sections = ["listing", "gateway", "mixed", "targets", "booking", "waiting-room"];

    public static string Line(Measurement m)
    {
        var oversold = m.SeatsOversold is { } o ? $"  oversold {o}" : "";
        var replica = m.ReadsFrom is null ? "" : string.Create(CultureInfo.InvariantCulture, $"  reads {m.ReadsFrom}, lag max {m.ReplicaLagMaxMs?.ToString("0.#", CultureInfo.InvariantCulture) ?? "n/a"} ms");
        return string.Create(CultureInfo.InvariantCulture,
            $"{m.Scenario,-8} {m.Name,-32} {m.Load.Connections,6} conns {m.PerSecond,9:N0} req/s  p50 {m.Load.P50Ms,7:0.#} p95 {m.Load.P95Ms,7:0.#} p99 {m.Load.P99Ms,7:0.#} ms  success {100 * m.SuccessRate:0.###}%  errors: {m.ErrorSplit}{oversold}{replica}");
    }

    public static string Table(IEnumerable<Measurement> runs, bool oversold = false)
    {
        runs = [.. runs];
        // Runs of the events service's reads carry where they went and the standby's lag (scenarios that read events).
        var replica = runs.Any(m => m.ReadsFrom is not null);
        var sb = new StringBuilder();
        sb.AppendLine("| run | connections | req/s | p50 ms | p95 ms | p99 ms | success | errors | " + (oversold ? "seats oversold | " : "")
            + (replica ? "reads from | replica lag max ms | " : "") + "loadgen CPU |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | " + (oversold ? "---: | " : "") + (replica ? "--- | ---: | " : "") + "---: |");
        foreach (var m in runs)
        {
            var seats = oversold ? $"{m.SeatsOversold} | " : "";
            var lag = replica ? string.Create(CultureInfo.InvariantCulture, $"{m.ReadsFrom ?? "n/a"} | {m.ReplicaLagMaxMs?.ToString("0.#", CultureInfo.InvariantCulture) ?? "n/a"} | ") : "";
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {m.Name} | {m.Load.Connections:N0} | {m.PerSecond:N0} | {m.Load.P50Ms:0.#} | {m.Load.P95Ms:0.#} | {m.Load.P99Ms:0.#} | {100 * m.SuccessRate:0.###} % | {m.ErrorSplit} | {seats}{lag}{m.Load.LoadGeneratorCpuPercent:0} % |");
        }

        return sb.ToString();
    }

    public static async Task WriteScenarioAsync(string scenario, string markdown, object raw)
    {
        var dir = BookingReport.ResultsDirectory();
        Directory.CreateDirectory(dir);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(Path.Combine(dir, $"{scenario}-{stamp}.json"), JsonSerializer.Serialize(raw, Json));
        await File.WriteAllTextAsync(Path.Combine(dir, $"{scenario}.md"), markdown);
    }

    /// <summary>REPORT.md: machine and versions, then each scenario's latest section.</summary>
    public static async Task<string> WriteReportAsync(SuiteOptions options, string? postgresVersion)
    {
        var dir = BookingReport.ResultsDirectory();
        Directory.CreateDirectory(dir);
        var sb = new StringBuilder();
        sb.AppendLine("# Evently benchmark report");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `./evently bench`. Raw numbers: `bench/results/*.json`.");
        sb.AppendLine();
        sb.AppendLine("| machine | |");
        sb.AppendLine("| --- | --- |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| CPU | {CpuModel()} ({Environment.ProcessorCount} logical cores) |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| memory | {MemoryGb():0.#} GB |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| OS | {RuntimeInformation.OSDescription} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| .NET | {RuntimeInformation.FrameworkDescription} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| PostgreSQL | {postgresVersion ?? Version("/usr/lib/postgresql/15/bin/postgres", "--version")} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| Redis | {Version("redis-server", "--version")} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| RabbitMQ | {RabbitMqVersion()} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| system | AppHost with 2 booking shards, rate limits off, {BenchSystem.Telemetry} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| load average at the end | {LoadAverage()} |");
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"| runs | {options.Warmup.TotalSeconds:0.#} s warm-up, then {options.Duration.TotalSeconds:0.#} s measured, closed loop (each connection sends its next request when the last answers); load generator on the same machine |");
        sb.AppendLine();
        foreach (var section in Sections)
        {
            var path = Path.Combine(dir, $"{section}.md");
            if (File.Exists(path))
            {
                sb.AppendLine(await File.ReadAllTextAsync(path));
            }
        }

        var report = sb.ToString();
        await File.WriteAllTextAsync(Path.Combine(dir, "REPORT.md"), report);
        return report;
    }

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static double MemoryGb()
    {
        try
        {
            var kb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal))
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            return double.Parse(kb, CultureInfo.InvariantCulture) / 1024 / 1024;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or FormatException)
        {
            return 0;
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static string Version(string command, string argument)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, argument) { RedirectStandardOutput = true, UseShellExecute = false });
            var text = process!.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return text.Length == 0 ? "n/a" : text;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "n/a";
        }
    }

    /// <summary>The Debian package's version (the broker itself only answers once a node runs).</summary>
    private static string RabbitMqVersion() => Version("dpkg-query", "-W -f=${Version} rabbitmq-server");
}
