namespace Evently.Hosting;

/// <summary>
/// The running resource graph, for the dashboard and the control API (registered in AppHost's DI):
/// snapshots, change notifications, console logs, and start/stop/restart actions.
/// </summary>
public interface IResourceService
{
    /// <summary>URLs, token, admin login and shard map of this run.</summary>
    AppHostInfo Info { get; }

    /// <summary>Booking shard index → PostgreSQL resource name (<c>booking-db-{i}</c>).</summary>
    IReadOnlyDictionary<int, string> BookingShards { get; }

    /// <summary>Every resource, in declaration order.</summary>
    IReadOnlyList<ResourceSnapshot> GetResources();

    ResourceSnapshot? GetResource(string name);

    /// <summary>Raised after any visible change of a resource (state, pid, health detail, restart count).</summary>
    event EventHandler<ResourceSnapshot>? ResourceChanged;

    /// <summary>Current snapshot of every resource, then each change as it happens, until cancelled.</summary>
    IAsyncEnumerable<ResourceSnapshot> WatchAsync(CancellationToken ct = default);

    /// <summary>Kept console lines (the last <paramref name="tail"/>, or all the ring buffer holds).</summary>
    IReadOnlyList<LogLine> GetConsoleLogs(string name, int? tail = null);

    /// <summary>Kept console lines, then new ones as they are written, until cancelled.</summary>
    IAsyncEnumerable<LogLine> WatchConsoleLogsAsync(string name, CancellationToken ct = default);

    /// <summary>Starts the resource (no-op when running) and waits until it is healthy; throws <see cref="ResourceException"/>.</summary>
    Task<ResourceSnapshot> StartAsync(string name, IReadOnlyDictionary<string, string>? environment = null, CancellationToken ct = default);

    /// <summary>Stops the resource gracefully (SIGKILL after its stop timeout); it stays stopped until started.</summary>
    Task<ResourceSnapshot> StopAsync(string name, CancellationToken ct = default);

    /// <summary>Stop then start; <paramref name="environment"/> overrides project settings until the next restart.</summary>
    Task<ResourceSnapshot> RestartAsync(string name, IReadOnlyDictionary<string, string>? environment = null, CancellationToken ct = default);
}
