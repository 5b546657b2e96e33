using System.Globalization;

namespace Evently.Hosting.Orchestration;

/// <summary>AppHost's own console: one compact table when ready, one line per later event, failures with their logs.</summary>
internal sealed class ConsoleReporter(TextWriter output)
{
    private readonly Lock _gate = new();

    public void Line(string text)
    {
        lock (_gate)
        {
            output.WriteLine(text);
            output.Flush();
        }
    }

    public void Event(string text) => Line($"[{DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}] {text}");

    public void Ready(IReadOnlyList<ResourceSnapshot> resources, AppHostInfo info, TimeSpan elapsed)
    {
        var nameWidth = Math.Max(8, resources.Max(r => r.Name.Length)) + 2;
        var lines = new List<string> { $"  {"RESOURCE".PadRight(nameWidth)}{"TYPE",-12}{"STATE",-10}ENDPOINT" };
        lines.AddRange(resources.Select(r =>
            $"  {r.Name.PadRight(nameWidth)}{r.Type,-12}{r.State,-10}{r.Endpoints.FirstOrDefault() ?? "-"}"));
        lines.Add("");
        lines.Add($"Gateway:    {info.GatewayUrl}");
        lines.Add($"Dashboard:  {info.DashboardLoginUrl}");
        lines.Add($"Admin:      {info.AdminEmail} / {info.AdminPassword}");
        lines.Add($"State:      {info.StateDirectory} (logs/<resource>.log, apphost.json)");
        lines.Add($"Ready in {elapsed.TotalSeconds:0.0} s. Press Ctrl+C to stop.");
        Line(string.Join(Environment.NewLine, lines));
    }

    public void Failures(StartupException failure)
    {
        var lines = new List<string>();
        foreach (var f in failure.Failures)
        {
            lines.Add($"FAILED {f.Resource} ({f.Type}): {f.Reason}");
            if (f.LastLogLines.Count > 0)
            {
                lines.Add($"  last lines of {f.Resource}'s log:");
                lines.AddRange(f.LastLogLines.Select(l => "    " + l));
            }
        }

        Line(string.Join(Environment.NewLine, lines));
    }
}
