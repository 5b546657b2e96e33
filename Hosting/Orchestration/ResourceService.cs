using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Evently.Hosting.Orchestration;

internal sealed class ResourceService : IResourceService
{
    private readonly List<Channel<ResourceSnapshot>> _watchers = [];
    private Orchestrator? _orchestrator;

    public ResourceService(AppHostInfo info, IReadOnlyDictionary<int, string> bookingShards)
    {
        Info = info;
        BookingShards = bookingShards;
    }

    public event EventHandler<ResourceSnapshot>? ResourceChanged;

    public AppHostInfo Info { get; set; }

    public IReadOnlyDictionary<int, string> BookingShards { get; }

    private Orchestrator Orchestrator => _orchestrator ?? throw new InvalidOperationException("AppHost has not been built yet.");

    public void Attach(Orchestrator orchestrator) => _orchestrator = orchestrator;

    public void Publish(ResourceSnapshot snapshot)
    {
        ResourceChanged?.Invoke(this, snapshot);
        lock (_watchers)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryWrite(snapshot);
            }
        }
    }

    public IReadOnlyList<ResourceSnapshot> GetResources() => Orchestrator.Controllers.Select(c => c.Snapshot()).ToList();

    public ResourceSnapshot? GetResource(string name) => Orchestrator.Find(name)?.Snapshot();

    public async IAsyncEnumerable<ResourceSnapshot> WatchAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        var channel = Channel.CreateBounded<ResourceSnapshot>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_watchers)
        {
            _watchers.Add(channel);
        }

        try
        {
            foreach (var snapshot in GetResources())
            {
                yield return snapshot;
            }

            await foreach (var snapshot in channel.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                yield return snapshot;
            }
        }
        finally
        {
            lock (_watchers)
            {
                _watchers.Remove(channel);
            }
        }
    }

    public IReadOnlyList<LogLine> GetConsoleLogs(string name, int? tail = null) => Get(name).Log.Snapshot(tail);

    public IAsyncEnumerable<LogLine> WatchConsoleLogsAsync(string name, CancellationToken ct = default) => Get(name).Log.WatchAsync(ct);

    public async Task<ResourceSnapshot> StartAsync(string name, IReadOnlyDictionary<string, string>? environment = null, CancellationToken ct = default)
    {
        var controller = Get(name);
        await controller.StartAsync(environment, ct).ConfigureAwait(false);
        return controller.Snapshot();
    }

    public async Task<ResourceSnapshot> StopAsync(string name, CancellationToken ct = default)
    {
        var controller = Get(name);
        await controller.StopAsync().WaitAsync(ct).ConfigureAwait(false);
        return controller.Snapshot();
    }

    public async Task<ResourceSnapshot> RestartAsync(string name, IReadOnlyDictionary<string, string>? environment = null, CancellationToken ct = default)
    {
        var controller = Get(name);
        await controller.RestartAsync(environment, ct).ConfigureAwait(false);
        return controller.Snapshot();
    }

    private ResourceController Get(string name) =>
        Orchestrator.Find(name) ?? throw new KeyNotFoundException($"No resource named '{name}'.");
}
