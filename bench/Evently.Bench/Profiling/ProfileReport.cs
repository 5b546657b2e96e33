using System.Globalization;
using System.Text;

namespace Evently.Bench.Profiling;

/// <summary>The profiles of one run as Markdown: CPU share per area of the request path and the hottest methods.</summary>
public static class ProfileReport
{
    public static string Markdown(string title, IReadOnlyList<CpuProfile.Summary> profiles)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"# CPU profile: {title} ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores)");
        sb.AppendLine();
        sb.AppendLine("`dotnet-trace` (`dotnet-sampled-thread-time`) on each process during the measured load; only samples of threads " +
                      "on a CPU count. Areas: the innermost frame of a known library or part of ours decides (see `ProfileAreas`).");
        foreach (var p in profiles)
        {
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"## {p.Process}: {p.CpuSeconds:0.#} CPU-seconds sampled");
            sb.AppendLine();
            sb.AppendLine("| area | CPU % |");
            sb.AppendLine("| --- | ---: |");
            foreach (var a in p.Areas)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {a.Name} | {a.Percent:0.0} |");
            }

            sb.AppendLine();
            sb.AppendLine("| hottest method (exclusive) | CPU % |");
            sb.AppendLine("| --- | ---: |");
            foreach (var m in p.Methods)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"| `{m.Name.Replace("|", "\\|", StringComparison.Ordinal)}` | {m.Percent:0.0} |");
            }
        }

        return sb.ToString();
    }
}
