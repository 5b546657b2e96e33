namespace Evently.Dashboard.Resources;

/// <summary>
/// What the dashboard needs from the orchestrator. The dashboard codes against this, the host supplies
/// an adapter over its own resource service (see <see cref="NoResources"/> when there is none).
/// </summary>
public interface IDashboardResources
{
    IReadOnlyList<ResourceView> Snapshot();

    /// <summary>Called after any resource changes (state, health, pid, restart) until disposed.</summary>
    IDisposable Subscribe(Action onChange);

    /// <summary>Lines still in the resource's console ring buffer, oldest first.</summary>
    IReadOnlyList<ConsoleLine> ConsoleLogs(string resource);

    /// <summary>Called for every new console line of <paramref name="resource"/> until disposed.</summary>
    IDisposable SubscribeConsole(string resource, Action<ConsoleLine> onLine);

    Task StartAsync(string resource, CancellationToken ct = default);

    Task StopAsync(string resource, CancellationToken ct = default);

    Task RestartAsync(string resource, CancellationToken ct = default);

    ShardMapView? ShardMap();
}
