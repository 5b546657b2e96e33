using System.Globalization;
using System.Net.Http.Headers;
using Evently.Hosting;
using Evently.Hosting.Processes;
using Evently.Hosting.State;

namespace Evently.Testing;

/// <summary>
/// Starts the real AppHost (built dll) as a child process on free ports with a temp state folder and waits until it
/// reports every resource healthy (its <c>apphost.json</c>); disposing stops it (SIGTERM), checks that no process
/// it started is left, and deletes the folder. Boot one per test assembly (<see cref="EventlySystemFixture"/>).
/// </summary>
public sealed class EventlySystem : IAsyncDisposable
{
    private static readonly SocketsHttpHandler SharedHandler = new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        MaxConnectionsPerServer = 2048,
    };

    private readonly AppHostProcess _appHost;
    private readonly Manifest _manifest;
    private readonly EventlySystemOptions _options;
    private readonly bool _ownsStateDirectory;
    private readonly ControlClient _control;
    private readonly HashSet<int> _seenPids = [];
    private bool _stopped;

    private EventlySystem(AppHostProcess appHost, Manifest manifest, EventlySystemOptions options, bool ownsStateDirectory)
    {
        _appHost = appHost;
        _manifest = manifest;
        _options = options;
        _ownsStateDirectory = ownsStateDirectory;
        _control = new ControlClient(DashboardUrl, DashboardToken);
        Remember(manifest.Resources);
    }

    public Uri GatewayUrl => new(_manifest.Info.GatewayUrl!);

    public Uri DashboardUrl => new(_manifest.Info.DashboardUrl!);

    public string DashboardToken => _manifest.Info.DashboardToken;

    public string AdminEmail => _manifest.Info.AdminEmail;

    public string AdminPassword => _manifest.Info.AdminPassword;

    public string StateDirectory => _manifest.Info.StateDirectory;

    public int BookingShards => _manifest.BookingShards.Count;

    /// <summary>Booking shard index → PostgreSQL resource name.</summary>
    public IReadOnlyDictionary<int, string> BookingShardMap =>
        _manifest.BookingShards.ToDictionary(s => int.Parse(s.Key, CultureInfo.InvariantCulture), s => s.Value);

    /// <summary>AppHost's own pid.</summary>
    public int AppHostPid => _appHost.Pid;

    /// <summary>Every resource as it was when the system became healthy.</summary>
    public IReadOnlyList<ResourceSnapshot> Resources => _manifest.Resources;

    public static async Task<EventlySystem> StartAsync(EventlySystemOptions? options = null, CancellationToken ct = default)
    {
        options ??= new EventlySystemOptions();
        var owns = options.StateDirectory is null;
        var state = options.StateDirectory ?? Path.Combine(Path.GetTempPath(), "evently-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(state);
        var manifestPath = new StateFolder(state).ManifestPath;
        File.Delete(manifestPath);

        var args = new List<string>
        {
            "--state", state,
            "--gateway-port", options.GatewayPort.ToString(CultureInfo.InvariantCulture),
            "--dashboard-port", options.DashboardPort.ToString(CultureInfo.InvariantCulture),
            "--booking-shards", options.BookingShards.ToString(CultureInfo.InvariantCulture),
            "--parent-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
        };
        if (options.Fresh)
        {
            args.Add("--fresh");
        }

        foreach (var (project, env) in options.EffectiveProjectEnvironment())
        {
            foreach (var (key, value) in env)
            {
                args.Add("--env");
                args.Add($"{project}:{key}={value}");
            }
        }

        var appHost = AppHostProcess.Start(args, options.AppHostEnvironment);
        try
        {
            var manifest = await WaitForManifestAsync(appHost, manifestPath, options.StartTimeout, ct).ConfigureAwait(false);
            return new EventlySystem(appHost, manifest, options, owns);
        }
        catch
        {
            appHost.Dispose();
            if (owns)
            {
                TryDelete(state);
            }

            throw;
        }
    }

    public HttpClient CreateGatewayClient(string? bearerToken = null)
    {
        var client = new HttpClient(SharedHandler, disposeHandler: false) { BaseAddress = GatewayUrl, Timeout = TimeSpan.FromSeconds(100) };
        if (bearerToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        return client;
    }

    /// <summary>Direct URL of a project ("events", "booking", ...), bypassing the gateway.</summary>
    public Uri ServiceUrl(string project) => new(Resource(project).Endpoints[0] + "/");

    /// <summary>Connection string of a server: "events-db", "booking-db-0", "cache", "messaging".</summary>
    public string ConnectionString(string resource) =>
        Resource(resource).ConnectionString ?? throw new ArgumentException($"{resource} has no connection string.", nameof(resource));

    /// <summary>Current pid of the resource's process (changes when it restarts); null when it is not running.</summary>
    public int? Pid(string resource)
    {
        var pid = _control.Get(resource).Pid;
        Remember(pid);
        return pid;
    }

    /// <summary>Current state as AppHost sees it.</summary>
    public Task<ResourceSnapshot> GetResourceAsync(string resource, CancellationToken ct = default) => _control.GetAsync(resource, ct);

    public Task StopResourceAsync(string resource, CancellationToken ct = default) =>
        _control.ActAsync(resource, "stop", null, ct);

    /// <summary>Starts the resource again and waits until it is healthy.</summary>
    public async Task StartResourceAsync(string resource, CancellationToken ct = default) =>
        Remember((await _control.ActAsync(resource, "start", null, ct).ConfigureAwait(false)).Pid);

    /// <summary>Stop then start, with optional environment overrides (projects) kept until its next restart; waits healthy.</summary>
    public async Task RestartResourceAsync(string resource, IDictionary<string, string>? environment = null, CancellationToken ct = default) =>
        Remember((await _control.ActAsync(resource, "restart", environment, ct).ConfigureAwait(false)).Pid);

    /// <summary>SIGKILL of the resource's process (a crash). Projects are restarted by AppHost after a back-off; servers stay down.</summary>
    public void KillResource(string resource)
    {
        if (Pid(resource) is { } pid)
        {
            Signals.Send(pid, Signals.SIGKILL);
        }
    }

    public async Task WaitHealthyAsync(string resource, TimeSpan timeout, CancellationToken ct = default)
    {
        ResourceSnapshot? last = null;
        var ok = await Eventually.TryUntilAsync(async () =>
        {
            last = await _control.GetAsync(resource, ct).ConfigureAwait(false);
            Remember(last.Pid);
            return last.State == ResourceState.Healthy;
        }, timeout, ct).ConfigureAwait(false);
        if (!ok)
        {
            throw new TimeoutException($"{resource} not healthy after {timeout.TotalSeconds:0} s: {last?.State} {last?.HealthDetail}");
        }
    }

    /// <summary>
    /// Stops AppHost (SIGTERM) and waits; throws when any process it started is still alive afterwards
    /// (after killing it). Safe to call twice.
    /// </summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        if (!_appHost.HasExited)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                Remember(await _control.ListAsync(cts.Token).ConfigureAwait(false));
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                // The manifest's pids are still known.
            }

            _appHost.Signal(Signals.SIGTERM);
            if (!await _appHost.WaitForExitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false))
            {
                _appHost.Kill();
            }
        }

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (_seenPids.Any(ProcFs.IsAlive) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100).ConfigureAwait(false);
        }

        var alive = _seenPids.Where(ProcFs.IsAlive).ToList();
        foreach (var pid in alive)
        {
            Signals.SendToGroup(pid, Signals.SIGKILL);
        }

        if (alive.Count > 0)
        {
            throw new InvalidOperationException(
                $"Processes still alive after AppHost stopped: {string.Join(", ", alive)}\n{_appHost.Output}");
        }
    }

    /// <summary>
    /// SIGKILLs AppHost alone, as a crash would: its resources keep running, orphaned, until the next AppHost on
    /// the same state folder stops them. Disposing afterwards neither stops nor checks them.
    /// </summary>
    public async Task KillAppHostAsync()
    {
        _stopped = true;
        _appHost.Kill();
        await _appHost.WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    /// <summary>Pids of every resource process seen during this run (for leak checks).</summary>
    public IReadOnlyCollection<int> SeenPids => _seenPids;

    /// <summary>AppHost's console output so far (last lines).</summary>
    public string AppHostOutput => _appHost.Output;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            _control.Dispose();
            _appHost.Dispose();
            if (_ownsStateDirectory && !_options.KeepStateDirectory)
            {
                TryDelete(_manifest.Info.StateDirectory);
            }
        }
    }

    private ResourceSnapshot Resource(string name) =>
        _manifest.Resources.FirstOrDefault(r => r.Name == name)
        ?? throw new ArgumentException($"No resource named '{name}' (known: {string.Join(", ", _manifest.Resources.Select(r => r.Name))}).", nameof(name));

    private void Remember(IEnumerable<ResourceSnapshot> snapshots)
    {
        foreach (var snapshot in snapshots)
        {
            Remember(snapshot.Pid);
        }
    }

    private void Remember(int? pid)
    {
        if (pid is { } p)
        {
            lock (_seenPids)
            {
                _seenPids.Add(p);
            }
        }
    }

    private static async Task<Manifest> WaitForManifestAsync(AppHostProcess appHost, string manifestPath, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            ct.ThrowIfCancellationRequested();
            if (File.Exists(manifestPath) && Manifest.TryRead(manifestPath) is { } manifest && manifest.Info.AppHostPid == appHost.Pid)
            {
                return manifest;
            }

            if (appHost.HasExited)
            {
                await appHost.WaitForExitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                throw new EventlySystemStartException($"AppHost exited with code {appHost.ExitCode} before the system was healthy.",
                    appHost.ExitCode, appHost.Output);
            }

            await Task.Delay(200, ct).ConfigureAwait(false);
        }

        appHost.Signal(Signals.SIGTERM);
        if (!await appHost.WaitForExitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false))
        {
            appHost.Kill();
        }

        throw new EventlySystemStartException($"The system was not healthy within {timeout.TotalSeconds:0} s.", null, appHost.Output);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
