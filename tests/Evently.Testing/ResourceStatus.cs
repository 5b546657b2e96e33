using System.Collections.Immutable;
using Aspire.Hosting.ApplicationModel;
using Evently.Hosting.Startup;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Evently.Testing;

/// <summary>A resource (one replica of it, named by its instance id) as Aspire reports it: state, health, process, restarts, environment.</summary>
public sealed record ResourceStatus(string Name, string? State, HealthStatus? Health, int? Pid, int? ExitCode, int RestartCount,
    IReadOnlyDictionary<string, string> Environment, ImmutableArray<ResourcePropertySnapshot> Properties)
{
    public bool IsHealthy => State == KnownResourceStates.Running && Health == HealthStatus.Healthy;

    /// <summary>Stopped by a command, exited, or failed: nothing of it runs.</summary>
    public bool IsDown => State is not null && KnownResourceStates.TerminalStates.Contains(State);

    public object? Property(string name) => Properties.FirstOrDefault(p => p.Name == name)?.Value;

    internal static ResourceStatus From(ResourceEvent e)
    {
        var snapshot = e.Snapshot;
        var pid = snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value switch
        {
            int i => i,
            long l => (int)l,
            string s when int.TryParse(s, out var n) => n,
            _ => (int?)null,
        };
        var restarts = snapshot.Properties.FirstOrDefault(p => p.Name == "evently.restarts")?.Value is int r ? r : 0;
        return new ResourceStatus(ResourceInstances.IdOf(e), snapshot.State?.Text, snapshot.HealthStatus, snapshot.State?.Text == KnownResourceStates.Running ? pid : null,
            snapshot.ExitCode, restarts,
            snapshot.EnvironmentVariables.Where(v => v.IsFromSpec).GroupBy(v => v.Name).ToDictionary(g => g.Key, g => g.Last().Value ?? ""),
            snapshot.Properties);
    }
}
