namespace Evently.Dashboard.Resources;

/// <summary>Used when the host registers no orchestrator: the dashboard still shows telemetry.</summary>
internal sealed class NoResources : IDashboardResources
{
    public IReadOnlyList<ResourceView> Snapshot() => [];

    public IDisposable Subscribe(Action onChange) => new Nothing();

    public IReadOnlyList<ConsoleLine> ConsoleLogs(string resource) => [];

    public IDisposable SubscribeConsole(string resource, Action<ConsoleLine> onLine) => new Nothing();

    public Task StartAsync(string resource, CancellationToken ct = default) => Task.CompletedTask;

    public Task StopAsync(string resource, CancellationToken ct = default) => Task.CompletedTask;

    public Task RestartAsync(string resource, CancellationToken ct = default) => Task.CompletedTask;

    public ShardMapView? ShardMap() => null;

    private sealed class Nothing : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
