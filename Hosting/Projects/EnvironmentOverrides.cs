using System.Collections.Concurrent;

namespace Evently.Hosting.Projects;

/// <summary>
/// Environment a project gets on its next start, on top of its declared one: <c>--env PROJECT:KEY=VALUE</c> from the
/// command line (kept for the run), and per-restart overrides set by tests or operators (kept until replaced).
/// </summary>
public sealed class EnvironmentOverrides
{
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _fromCommandLine = new();
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _nextStart = new();

    public EnvironmentOverrides(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> fromCommandLine)
    {
        foreach (var (project, env) in fromCommandLine)
        {
            _fromCommandLine[project] = env;
        }
    }

    /// <summary>Replaces what <paramref name="project"/> gets on top of its environment from its next start on.</summary>
    public void SetForNextStart(string project, IReadOnlyDictionary<string, string>? environment) =>
        _nextStart[project] = environment ?? new Dictionary<string, string>();

    public IEnumerable<KeyValuePair<string, string>> For(string project) =>
        Get(_fromCommandLine, project).Concat(Get(_nextStart, project));

    private static IEnumerable<KeyValuePair<string, string>> Get(ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> source, string project) =>
        source.TryGetValue(project, out var env) ? env : [];
}
