using System.Globalization;
using System.Net.Http.Headers;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Evently.Hosting.Processes;
using Evently.Hosting.Projects;
using Evently.Hosting.Startup;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Evently.Testing;

/// <summary>
/// The whole system, started from the real AppHost with <c>Aspire.Hosting.Testing</c> (DCP runs every server and
/// service) on free ports with a temp state folder. Disposing stops it and checks that no process it ran is left.
/// Boot one per test assembly (<see cref="EventlySystemFixture"/>).
/// </summary>
public sealed class EventlySystem : IAsyncDisposable
{
    private static readonly SocketsHttpHandler SharedHandler = new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        MaxConnectionsPerServer = 2048,
    };

    private readonly DistributedApplication _app;
    private readonly EventlySystemOptions _options;
    private readonly string _state;
    private readonly bool _ownsState;
    private readonly ResourceNotificationService _notifications;
    private readonly ResourceCommandService _commands;
    private readonly HashSet<int> _seenPids = [];
    private bool _stopped;

    private EventlySystem(DistributedApplication app, EventlySystemOptions options, string state, bool ownsState, string dashboardApiKey)
    {
        DashboardApiKey = dashboardApiKey;
        _app = app;
        _options = options;
        _state = state;
        _ownsState = ownsState;
        _notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        _commands = app.Services.GetRequiredService<ResourceCommandService>();
    }

    public Uri GatewayUrl => _app.GetEndpoint("gateway", "http");

    public string AdminEmail { get; private set; } = "";

    public string AdminPassword { get; private set; } = "";

    /// <summary>The JWT signing key AppHost generated for this state folder (tests forge tokens with it).</summary>
    public string JwtKey { get; private set; } = "";

    public string StateDirectory => _state;

    public int BookingShards => _options.BookingShards;

    /// <summary>Booking shard index → PostgreSQL resource name.</summary>
    public IReadOnlyDictionary<int, string> BookingShardMap =>
        Enumerable.Range(0, BookingShards).ToDictionary(i => i, i => $"booking-db-{i}");

    /// <summary>The dashboard's login URL (with its token); only with <see cref="EventlySystemOptions.Dashboard"/>.</summary>
    public Task<Uri> GetDashboardLoginUrlAsync(CancellationToken ct = default) => _app.GetDashboardUrlAsync(ct);

    /// <summary>Key of the dashboard's telemetry HTTP API (<c>X-API-Key</c> on <c>/api/telemetry/...</c>).</summary>
    public string DashboardApiKey { get; }

    /// <summary>Every resource as it was when the system became healthy.</summary>
    public IReadOnlyList<ResourceStatus> Resources { get; private set; } = [];

    /// <summary>The AppHost's services (Aspire's and ours), for tests of the wiring itself.</summary>
    public IServiceProvider Services => _app.Services;

    public static async Task<EventlySystem> StartAsync(EventlySystemOptions? options = null, CancellationToken ct = default)
    {
        options ??= new EventlySystemOptions();
        var owns = options.StateDirectory is null;
        var state = options.StateDirectory ?? Path.Combine(Path.GetTempPath(), "evently-test-" + Guid.NewGuid().ToString("N")[..12]);
        var apiKey = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        string[] args = [.. Arguments(options, state), $"--AppHost:DashboardApiKey={apiKey}"];
        // The dashboard (when asked for) gets ports of the testing builder's choosing, so tests never collide with `./evently up`.
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(args, (app, _) =>
        {
            app.DisableDashboard = !options.Dashboard;
            app.AllowUnsecuredTransport = true;
        }, ct).ConfigureAwait(false);

        // Test output is for the tests: resource consoles and Aspire's own chatter stay in the dashboard's domain.
        builder.Services.AddLogging(logging => logging
            .AddFilter("Evently.AppHost.Resources", LogLevel.None)
            .AddFilter("Aspire", LogLevel.Warning)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
            .AddFilter("System.Net.Http", LogLevel.Warning)
            .AddFilter("Polly", LogLevel.Warning));
        var app = await builder.BuildAsync(ct).ConfigureAwait(false);
        var system = new EventlySystem(app, options, state, owns, apiKey);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.StartTimeout);
            // A failure to start shows in the report; a preflight failure also faults StartAsync, which may never finish.
            var report = app.Services.GetRequiredService<StartupReport>();
            var starting = app.StartAsync(timeout.Token);
            try
            {
                await Task.WhenAny(starting, report.Ready).WaitAsync(timeout.Token).ConfigureAwait(false);
                if (starting.IsFaulted && starting.Exception.GetBaseException() is var cause and not StartupFailedException)
                {
                    throw new EventlySystemStartException($"AppHost failed to start: {cause.Message}", cause);
                }

                await report.Ready.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (StartupFailedException e)
            {
                throw new EventlySystemStartException(e.Message, e);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new EventlySystemStartException($"The system was not healthy within {options.StartTimeout.TotalSeconds:0} s: "
                    + string.Join(", ", system.AllStatuses().Where(r => !r.IsHealthy).Select(r => $"{r.Name} {r.State}/{r.Health}")), null);
            }

            await Task.WhenAll(system.AllStatuses().Where(r => system.IsProjectReplica(r.Name))
                .Select(r => system.WaitHealthyAsync(r.Name, options.StartTimeout, timeout.Token))).ConfigureAwait(false);
            system.AdminEmail = await ParameterAsync(app, "admin-email", ct).ConfigureAwait(false);
            system.AdminPassword = await ParameterAsync(app, "admin-password", ct).ConfigureAwait(false);
            system.JwtKey = await ParameterAsync(app, "jwt-key", ct).ConfigureAwait(false);
            system.Resources = system.AllStatuses();
            system.Remember(system.Resources);
            return system;
        }
        catch
        {
            await system.DisposeAsync().ConfigureAwait(false);
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
    public Uri ServiceUrl(string project) => new(_app.GetEndpoint(project, "http").ToString().TrimEnd('/') + "/");

    /// <summary>
    /// The URL one replica of a project listens on itself (<see cref="Instances"/> gives the ids), where
    /// <see cref="ServiceUrl"/> is Aspire's proxy that spreads connections over all of them.
    /// </summary>
    public Uri ReplicaUrl(string instance)
    {
        // From the running process itself: a restarted replica may listen on a new port, which the resource's snapshot
        // does not always show yet.
        var pid = Pid(instance) ?? throw new InvalidOperationException($"{instance} is not running.");
        var url = ProcFs.EnvironmentVariable(pid, "ASPNETCORE_URLS")?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()
            ?? throw new InvalidOperationException($"{instance} (pid {pid}) has no ASPNETCORE_URLS.");
        return new Uri(url.TrimEnd('/') + "/");
    }

    /// <summary>Connection string of a server: "events-db", "booking-db-0", "cache", "messaging".</summary>
    public string ConnectionString(string resource) =>
        _app.GetConnectionStringAsync(resource).AsTask().GetAwaiter().GetResult()
        ?? throw new ArgumentException($"{resource} has no connection string.", nameof(resource));

    /// <summary>Pid of the resource's own process (the service, the postmaster, the Erlang VM); null when it is not running.</summary>
    public int? Pid(string resource)
    {
        var pid = MainPid(Status(resource));
        Remember(pid);
        return pid;
    }

    /// <summary>
    /// The instance ids of a resource: its own name when it runs once, one id per replica (e.g. <c>booking-x1y2z3</c>)
    /// when it runs as several. Every method here that takes a resource takes such an id.
    /// </summary>
    public IReadOnlyList<string> Instances(string resource) =>
        _app.Services.GetRequiredService<ResourceInstances>().Of(resource) is { Count: > 0 } ids
            ? ids
            : throw new ArgumentException($"No resource named '{resource}'.", nameof(resource));

    public Task<ResourceStatus> GetResourceAsync(string resource, CancellationToken ct = default) => Task.FromResult(Status(resource));

    /// <summary>Aspire's Stop command (every replica, for a replicated resource's name); waits until nothing of it runs.</summary>
    public Task StopResourceAsync(string resource, CancellationToken ct = default) =>
        Task.WhenAll(Targets(resource).Select(async id =>
        {
            Remember(Pid(id));
            await ExecuteAsync(id, KnownResourceCommands.StopCommand, ct).ConfigureAwait(false);
            await WaitAsync(id, s => s.IsDown, TimeSpan.FromSeconds(60), "stopped", ct).ConfigureAwait(false);
        }));

    /// <summary>Aspire's Start command (every replica, for a replicated resource's name); waits until it is healthy.</summary>
    public Task StartResourceAsync(string resource, CancellationToken ct = default) =>
        Task.WhenAll(Targets(resource).Select(async id =>
        {
            await ExecuteAsync(id, KnownResourceCommands.StartCommand, ct).ConfigureAwait(false);
            await WaitHealthyAsync(id, TimeSpan.FromSeconds(120), ct).ConfigureAwait(false);
        }));

    /// <summary>Stop then start, with environment overrides (projects) kept until its next restart; waits healthy.</summary>
    public async Task RestartResourceAsync(string resource, IDictionary<string, string>? environment = null, CancellationToken ct = default)
    {
        var name = _notifications.TryGetCurrentState(Targets(resource)[0], out var e) ? e.Resource.Name : resource;
        _app.Services.GetRequiredService<EnvironmentOverrides>().SetForNextStart(name, environment?.ToDictionary());
        await StopResourceAsync(resource, ct).ConfigureAwait(false);
        await StartResourceAsync(resource, ct).ConfigureAwait(false);
    }

    /// <summary>An instance id stands for itself; the name of a replicated resource for every one of its replicas.</summary>
    private IReadOnlyList<string> Targets(string resource) =>
        _app.Services.GetRequiredService<ResourceInstances>().Of(resource) is { Count: > 0 } ids ? ids : [resource];

    /// <summary>Runs one of the resource's dashboard commands (Aspire's or ours) and returns its result.</summary>
    public Task<ExecuteCommandResult> ExecuteCommandAsync(string resource, string command, CancellationToken ct = default) =>
        _commands.ExecuteCommandAsync(resource, command, ct);

    /// <summary>SIGKILL of the resource's own process: a crash. AppHost's supervisor starts it again after a back-off.</summary>
    public void KillResource(string resource)
    {
        if (Pid(resource) is { } pid)
        {
            Signals.Send(pid, Signals.SIGKILL);
        }
    }

    /// <summary>Waits until the resource (one instance) is healthy, and a project replica answers <c>/health</c> at its own address.</summary>
    public async Task WaitHealthyAsync(string resource, TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        await WaitAsync(resource, s => s.IsHealthy, timeout, "healthy", ct).ConfigureAwait(false);
        if (IsProjectReplica(resource)
            && !await Eventually.TryUntilAsync(() => ServesAsync(resource, ct), deadline - DateTime.UtcNow, ct).ConfigureAwait(false))
        {
            throw new TimeoutException($"{resource} does not answer /health at its own address after {timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>
    /// Aspire checks a replicated project's health through its proxy, which any one healthy replica answers, so a replica
    /// still starting (or not listening) looks healthy; its own <c>/health</c>, at its own address, says whether it serves.
    /// </summary>
    private bool IsProjectReplica(string instance) =>
        _notifications.TryGetCurrentState(instance, out var e) && e.Resource is ProjectResource && e.Resource.GetReplicaCount() > 1;

    private async Task<bool> ServesAsync(string instance, CancellationToken ct)
    {
        try
        {
            using var response = await ProbeClient.GetAsync(new Uri(ReplicaUrl(instance), "health"), ct).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private static readonly HttpClient ProbeClient = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>Pids of every resource process seen during this run (for leak checks).</summary>
    public IReadOnlyCollection<int> SeenPids => _seenPids;

    /// <summary>Stops every resource and AppHost; throws when any process it ran is still alive afterwards. Safe to call twice.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        try
        {
            Remember(AllStatuses());
        }
        catch (ObjectDisposedException)
        {
        }

        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            try
            {
                await _app.StopAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        var gone = await Eventually.TryUntilAsync(() => Task.FromResult(!_seenPids.Any(ProcFs.IsAlive)), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        if (!gone)
        {
            var alive = _seenPids.Where(ProcFs.IsAlive).Select(p => $"{p} ({ProcFs.CommandLine(p)})").ToList();
            foreach (var pid in _seenPids.Where(ProcFs.IsAlive))
            {
                Signals.Send(pid, Signals.SIGKILL);
            }

            throw new InvalidOperationException($"Processes still alive after AppHost stopped: {string.Join(", ", alive)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            if (_ownsState && !_options.KeepStateDirectory)
            {
                TryDelete(_state);
            }
        }
    }

    private static IEnumerable<string> Arguments(EventlySystemOptions options, string state)
    {
        yield return "--state";
        yield return state;
        yield return "--gateway-port";
        yield return options.GatewayPort.ToString(CultureInfo.InvariantCulture);
        yield return "--booking-shards";
        yield return options.BookingShards.ToString(CultureInfo.InvariantCulture);
        yield return "--replicas";
        yield return options.Replicas.ToString(CultureInfo.InvariantCulture);
        foreach (var (project, count) in options.ProjectReplicas)
        {
            yield return "--replicas";
            yield return string.Create(CultureInfo.InvariantCulture, $"{project}={count}");
        }
        if (options.Fresh)
        {
            yield return "--fresh";
        }

        foreach (var (project, env) in options.EffectiveProjectEnvironment())
        {
            foreach (var (key, value) in env)
            {
                yield return "--env";
                yield return $"{project}:{key}={value}";
            }
        }

        // AppHost's own configuration (EVENTLY_PG_BIN, EVENTLY_ADMIN_PASSWORD, ...).
        foreach (var (key, value) in options.AppHostEnvironment)
        {
            yield return $"--{key}={value}";
        }
    }

    private static async Task<string> ParameterAsync(DistributedApplication app, string name, CancellationToken ct)
    {
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var parameter = model.Resources.OfType<ParameterResource>().Single(p => p.Name == name);
        return await parameter.GetValueAsync(ct).ConfigureAwait(false) ?? "";
    }

    private IReadOnlyList<ResourceStatus> AllStatuses() =>
        _app.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .Where(r => ResourceKinds.IsLongRunning(r) && r.Name != "aspire-dashboard")
            .SelectMany(r => _app.Services.GetRequiredService<ResourceInstances>().Of(r.Name))
            .Select(id => _notifications.TryGetCurrentState(id, out var e) ? ResourceStatus.From(e) : null)
            .OfType<ResourceStatus>()
            .ToList();

    private ResourceStatus Status(string resource) =>
        _notifications.TryGetCurrentState(resource, out var e)
            ? ResourceStatus.From(e)
            : throw new ArgumentException($"No resource named '{resource}'.", nameof(resource));

    private async Task ExecuteAsync(string resource, string command, CancellationToken ct)
    {
        var result = await _commands.ExecuteCommandAsync(resource, command, ct).ConfigureAwait(false);
        if (!result.Success)
        {
            throw new InvalidOperationException($"{command} of {resource} failed: {result.Message}");
        }
    }

    private async Task WaitAsync(string resource, Func<ResourceStatus, bool> condition, TimeSpan timeout, string what, CancellationToken ct)
    {
        ResourceStatus? last = null;
        var ok = await Eventually.TryUntilAsync(() =>
        {
            last = Status(resource);
            Remember(MainPid(last));
            return Task.FromResult(condition(last));
        }, timeout, ct).ConfigureAwait(false);
        if (!ok)
        {
            throw new TimeoutException($"{resource} not {what} after {timeout.TotalSeconds:0} s: {last?.State} {last?.Health}");
        }
    }

    /// <summary>
    /// The process that is the resource: DCP runs PostgreSQL through a small shell, and a project through
    /// <c>dotnet run</c> when its built executable was not found (see <c>BuiltExecutable</c>), each with the real
    /// process as its child; RabbitMQ's start script runs the Erlang VM, which writes its pid file.
    /// </summary>
    private int? MainPid(ResourceStatus status)
    {
        if (status.Pid is not { } pid)
        {
            return null;
        }

        if (status.Name == "messaging")
        {
            var pidFile = Path.Combine(_state, "data", "messaging", "rabbitmq.pid");
            return File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var beam) && ProcFs.IsAlive(beam) ? beam : pid;
        }

        var commandLine = ProcFs.CommandLine(pid);
        return commandLine.Contains("dotnet run", StringComparison.Ordinal) || commandLine.StartsWith("/bin/sh -c", StringComparison.Ordinal)
            ? ProcFs.Children(pid).FirstOrDefault(ProcFs.IsAlive) is var child and > 0 ? child : pid
            : pid;
    }

    private void Remember(IEnumerable<ResourceStatus> statuses)
    {
        foreach (var status in statuses)
        {
            Remember(status.Pid);
            Remember(MainPid(status));
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
