using Evently.Hosting;

namespace Evently.Dashboard.Resources;

/// <summary>The dashboard's view of AppHost's <see cref="IResourceService"/>.</summary>
internal sealed class HostingResources(IResourceService service) : IDashboardResources
{
    public IReadOnlyList<ResourceView> Snapshot() => service.GetResources().Select(ToView).ToList();

    public IDisposable Subscribe(Action onChange)
    {
        EventHandler<ResourceSnapshot> handler = (_, _) => onChange();
        service.ResourceChanged += handler;
        return new Callback(() => service.ResourceChanged -= handler);
    }

    public IReadOnlyList<ConsoleLine> ConsoleLogs(string resource) =>
        service.GetResource(resource) is null ? [] : service.GetConsoleLogs(resource).Select(ToLine).ToList();

    public IDisposable SubscribeConsole(string resource, Action<ConsoleLine> onLine)
    {
        var cts = new CancellationTokenSource();
        if (service.GetResource(resource) is not null)
        {
            _ = PumpAsync(resource, onLine, cts.Token);
        }

        return new Callback(() =>
        {
            cts.Cancel();
            cts.Dispose();
        });
    }

    public Task StartAsync(string resource, CancellationToken ct = default) => service.StartAsync(resource, null, ct);

    public Task StopAsync(string resource, CancellationToken ct = default) => service.StopAsync(resource, ct);

    public Task RestartAsync(string resource, CancellationToken ct = default) => service.RestartAsync(resource, null, ct);

    public ShardMapView? ShardMap() => service.BookingShards.Count == 0
        ? null
        : new ShardMapView(service.BookingShards.Count,
            service.BookingShards.OrderBy(s => s.Key).Select(s => new ShardView(s.Key, s.Value)).ToList());

    private async Task PumpAsync(string resource, Action<ConsoleLine> onLine, CancellationToken ct)
    {
        try
        {
            await foreach (var line in service.WatchConsoleLogsAsync(resource, ct))
            {
                onLine(ToLine(line));
            }
        }
        catch (OperationCanceledException)
        {
            // The page went away.
        }
    }

    private static ConsoleLine ToLine(LogLine line) => new(line.Sequence, line.Timestamp, line.IsError, line.Text);

    private static ResourceView ToView(ResourceSnapshot r) => new(
        r.Name,
        r.Type,
        r.State.ToString(),
        r.State is ResourceState.Exited or ResourceState.Failed ? r.ExitCode : null,
        r.Pid,
        r.StartedAt,
        r.Endpoints.Select(e => new ResourceEndpoint(r.Name, e)).ToList(),
        r.State switch
        {
            ResourceState.Healthy => "Healthy",
            ResourceState.Unhealthy => "Unhealthy",
            ResourceState.Running or ResourceState.Starting => "Checking",
            _ => null,
        },
        r.HealthDetail,
        r.RestartCount);

    private sealed class Callback(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
