using System.ComponentModel;
using Evently.Hosting.Health;
using Evently.Hosting.Logs;
using Evently.Hosting.Processes;
using Evently.Hosting.State;

namespace Evently.Hosting.Orchestration;

/// <summary>
/// Runs one resource: launches its process, probes its health (every 250 ms until healthy, then every 5 s),
/// stops it gracefully, and restarts a crashed project with back-off (1, 2, 4 … 30 s).
/// Start/stop/restart are serialised per resource.
/// </summary>
internal sealed class ResourceController : IDisposable
{
    private static readonly IReadOnlyDictionary<string, string> NoOverrides = new Dictionary<string, string>();
    private static readonly TimeSpan StartingProbeInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RunningProbeInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(6);

    private readonly HostContext _host;
    private readonly PidFiles _pidFiles;
    private readonly Action<ResourceController> _changed;
    private readonly Action<string> _report;
    private readonly CancellationToken _appStopping;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _stateLock = new();

    private ManagedProcess? _process;
    private CancellationTokenSource? _monitorCts;
    private CancellationTokenSource? _restartCts;
    private TaskCompletionSource _healthy = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IReadOnlyDictionary<string, string> _overrides = NoOverrides;
    private bool _autoRestart;
    private int _crashStreak;

    private ResourceState _state = ResourceState.NotStarted;
    private int? _exitCode;
    private int? _pid;
    private DateTimeOffset? _startedAt;
    private DateTimeOffset? _healthySince;
    private string? _healthDetail;
    private int _restartCount;
    private IReadOnlyDictionary<string, string>? _environment;

    public ResourceController(Resource resource, HostContext host, PidFiles pidFiles, Action<ResourceController> changed,
        Action<string> report, CancellationToken appStopping)
    {
        Resource = resource;
        _host = host;
        _pidFiles = pidFiles;
        _changed = changed;
        _report = report;
        _appStopping = appStopping;
        Log = new ResourceLog(host.State.LogPath(resource.Name));
    }

    public Resource Resource { get; }

    public ResourceLog Log { get; }

    public string Name => Resource.Name;

    public ResourceState State
    {
        get
        {
            lock (_stateLock)
            {
                return _state;
            }
        }
    }

    /// <summary>After the first boot, crashed projects come back by themselves.</summary>
    public void EnableAutoRestart() => _autoRestart = true;

    public void MarkWaiting() => Update(() => _state = ResourceState.Waiting);

    public void MarkFailed(string reason) => Update(() =>
    {
        _state = ResourceState.Failed;
        _healthDetail = reason;
    });

    public ResourceSnapshot Snapshot()
    {
        lock (_stateLock)
        {
            return new ResourceSnapshot
            {
                Name = Name,
                Type = Resource.Type,
                State = _state,
                ExitCode = _exitCode,
                Pid = _pid,
                StartedAt = _startedAt,
                Endpoints = Resource.Endpoints.Where(e => e.IsAllocated).Select(e => e.Url).ToList(),
                HealthDetail = _healthDetail,
                RestartCount = _restartCount,
                ConnectionString = Resource.Endpoints.All(e => e.IsAllocated) ? Resource.ConnectionString : null,
                WaitsFor = Resource.WaitsFor.Select(r => r.Name).ToList(),
                References = Resource.References.Select(r => r.Name).ToList(),
                Environment = _environment,
                LogPath = Log.Path,
            };
        }
    }

    /// <summary>
    /// Starts the process unless it runs already, then waits until it is healthy. Throws
    /// <see cref="ResourceException"/> when it cannot start, exits first, or is not healthy in time.
    /// <paramref name="environmentOverrides"/> (projects) replace the previous overrides; null keeps them.
    /// </summary>
    public async Task StartAsync(IReadOnlyDictionary<string, string>? environmentOverrides, CancellationToken ct)
    {
        Task healthy;
        Task<int> exited;
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            CancelPendingRestart();
            if (environmentOverrides is not null)
            {
                _overrides = environmentOverrides;
            }

            if (_process is not { HasExited: false })
            {
                await LaunchLockedAsync(ct).ConfigureAwait(false);
            }

            healthy = _healthy.Task;
            exited = _process!.Exited;
        }
        finally
        {
            _gate.Release();
        }

        var timeout = Task.Delay(Resource.StartupTimeout, ct);
        var done = await Task.WhenAny(healthy, exited, timeout).ConfigureAwait(false);
        if (done == healthy)
        {
            return;
        }

        ct.ThrowIfCancellationRequested();
        if (done == exited)
        {
            throw new ResourceException($"exited with code {await exited.ConfigureAwait(false)} before it was healthy.");
        }

        throw new ResourceException(
            $"not healthy after {Resource.StartupTimeout.TotalSeconds:0} s: {Snapshot().HealthDetail ?? "no answer"}.");
    }

    /// <summary>Graceful stop within <paramref name="deadline"/>, then SIGKILL of the whole process group.</summary>
    public async Task StopAsync(DateTimeOffset? deadline = null)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            CancelPendingRestart();
            var process = _process;
            if (process is null)
            {
                Update(() =>
                {
                    if (_state is not (ResourceState.NotStarted or ResourceState.Failed))
                    {
                        _state = ResourceState.Stopped;
                    }
                });
                return;
            }

            await _monitorCts!.CancelAsync().ConfigureAwait(false);
            Update(() => _state = ResourceState.Stopping);
            var until = Min(DateTimeOffset.UtcNow + Resource.StopTimeout, deadline ?? DateTimeOffset.MaxValue);
            if (!process.HasExited)
            {
                Log.AppendHost($"stopping (pid {process.Pid})");
                using var stopCts = new CancellationTokenSource(Remaining(until));
                try
                {
                    await Resource.StopAsync(process, _host, stopCts.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or ResourceException or Win32Exception or IOException)
                {
                    Log.AppendHost($"graceful stop failed: {e.Message}");
                }

                if (!await process.WaitForExitAsync(Remaining(until)).ConfigureAwait(false))
                {
                    Log.AppendHost($"still running after {Resource.StopTimeout.TotalSeconds:0} s: killing its process group");
                }
            }

            await process.KillGroupAsync().ConfigureAwait(false);
            await Resource.ReleaseAsync().ConfigureAwait(false);
            _pidFiles.Delete(Name);
            _process = null;
            process.Dispose();
            var code = process.Exited.IsCompletedSuccessfully ? process.Exited.Result : (int?)null;
            Log.AppendHost($"stopped (exit code {code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"})");
            Update(() =>
            {
                _state = ResourceState.Stopped;
                _exitCode = code;
                _pid = null;
                _healthDetail = null;
                _healthySince = null;
            });
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task RestartAsync(IReadOnlyDictionary<string, string>? environmentOverrides, CancellationToken ct)
    {
        await StopAsync().ConfigureAwait(false);
        Update(() => _restartCount++);
        await StartAsync(environmentOverrides ?? NoOverrides, ct).ConfigureAwait(false);
    }

    /// <summary>Last resort at shutdown: SIGKILL whatever is left.</summary>
    public void KillNow()
    {
        if (_process is { } process)
        {
            process.SignalGroup(Signals.SIGKILL);
        }
    }

    public void Dispose()
    {
        _monitorCts?.Dispose();
        _restartCts?.Dispose();
        _process?.Dispose();
        _gate.Dispose();
        Log.Dispose();
    }

    private async Task LaunchLockedAsync(CancellationToken ct)
    {
        _healthy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Update(() =>
        {
            _state = ResourceState.Starting;
            _exitCode = null;
            _healthDetail = null;
            _healthySince = null;
        });
        ManagedProcess process;
        ProcessSpec spec;
        try
        {
            await Resource.PrepareAsync(_host, Log, ct).ConfigureAwait(false);
            spec = Resource.CreateProcess(_host, _overrides) with { Nice = Resource.CpuNice };
            Log.AppendHost($"starting: {spec.CommandLine}" + (spec.Nice > 0 ? $" (cpu nice {spec.Nice})" : ""));
            process = ManagedProcess.Start(spec, (line, isError) => Log.Append(line, isError));
        }
        catch (Exception e) when (e is ResourceException or IOException or Win32Exception or UnauthorizedAccessException)
        {
            var reason = e is ResourceException ? e.Message : $"could not be launched: {e.Message}";
            Log.AppendHost($"{reason}", isError: true);
            MarkFailed(reason);
            throw new ResourceException(reason, e);
        }

        _process = process;
        _pidFiles.Write(new PidRecord(Name, Resource.Type, process.Pid, process.StartTicks, Resource.StopSignal));
        Update(() =>
        {
            _state = ResourceState.Running;
            _pid = process.Pid;
            _startedAt = process.StartedAt;
            _environment = Resource is ProjectResource ? spec.Environment : null;
        });
        _monitorCts?.Dispose();
        _monitorCts = new CancellationTokenSource();
        _ = MonitorAsync(process, _healthy, _monitorCts.Token);
    }

    private async Task MonitorAsync(ManagedProcess process, TaskCompletionSource healthy, CancellationToken ct)
    {
        var wasHealthy = false;
        try
        {
            while (!process.HasExited)
            {
                var result = await ProbeAsync(ct).ConfigureAwait(false);
                if (process.HasExited)
                {
                    break;
                }

                wasHealthy |= result.IsHealthy;
                var state = result.IsHealthy ? ResourceState.Healthy : wasHealthy ? ResourceState.Unhealthy : ResourceState.Running;
                if (state != State && state is ResourceState.Healthy or ResourceState.Unhealthy)
                {
                    Log.AppendHost(result.IsHealthy ? "healthy" : $"unhealthy: {result.Detail}");
                }

                var mainPid = Resource.MainPid(process, _host);
                Update(() =>
                {
                    _pid = mainPid;
                    _healthDetail = result.Detail;
                    _state = state;
                    if (result.IsHealthy)
                    {
                        _healthySince ??= DateTimeOffset.UtcNow;
                    }
                });
                if (result.IsHealthy)
                {
                    healthy.TrySetResult();
                }

                var interval = wasHealthy ? RunningProbeInterval : StartingProbeInterval;
                await Task.WhenAny(process.Exited, Task.Delay(interval, ct)).ConfigureAwait(false);
                ct.ThrowIfCancellationRequested();
            }

            var exitCode = await process.Exited.ConfigureAwait(false);
            await OnExitedAsync(process, exitCode).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped on purpose: StopAsync owns the rest.
        }
    }

    private async Task<HealthResult> ProbeAsync(CancellationToken ct)
    {
        using var probeCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        probeCts.CancelAfter(ProbeTimeout);
        try
        {
            return await Resource.CheckHealthAsync(_host, probeCts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return HealthResult.Unhealthy($"health check did not answer within {ProbeTimeout.TotalSeconds:0} s");
        }
    }

    private async Task OnExitedAsync(ManagedProcess process, int exitCode)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_process != process)
            {
                return;
            }

            _process = null;
            await process.SweepGroupAsync().ConfigureAwait(false);
            await Resource.ReleaseAsync().ConfigureAwait(false);
            _pidFiles.Delete(Name);
            process.Dispose();
            Log.AppendHost($"process exited with code {exitCode}", isError: exitCode != 0);

            var restart = _autoRestart && Resource.RestartOnCrash && !_appStopping.IsCancellationRequested;
            var delay = TimeSpan.Zero;
            if (restart)
            {
                if (Snapshot().StartedAt is { } started && DateTimeOffset.UtcNow - started > TimeSpan.FromSeconds(60))
                {
                    _crashStreak = 0;
                }

                delay = TimeSpan.FromSeconds(Math.Min(30, 1 << Math.Min(_crashStreak, 5)));
                _crashStreak++;
            }

            Update(() =>
            {
                _state = ResourceState.Exited;
                _exitCode = exitCode;
                _pid = null;
                _healthySince = null;
                _healthDetail = restart ? $"exited with code {exitCode}; restarting in {delay.TotalSeconds:0} s" : $"exited with code {exitCode}";
            });
            if (_autoRestart)
            {
                _report($"{Name} exited with code {exitCode}" + (restart ? $"; restarting in {delay.TotalSeconds:0} s" : ""));
            }

            if (restart)
            {
                _restartCts?.Dispose();
                _restartCts = CancellationTokenSource.CreateLinkedTokenSource(_appStopping);
                _ = RestartLaterAsync(delay, _restartCts.Token);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RestartLaterAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, ct).ConfigureAwait(false);
            await _gate.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            if (_process is null && !ct.IsCancellationRequested)
            {
                Update(() => _restartCount++);
                await LaunchLockedAsync(ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is ResourceException or OperationCanceledException)
        {
            _report($"{Name} could not be restarted: {e.Message}");
        }
        finally
        {
            _gate.Release();
        }
    }

    private void CancelPendingRestart()
    {
        _restartCts?.Cancel();
        _restartCts?.Dispose();
        _restartCts = null;
    }

    /// <summary>Applies a change under the lock and notifies only when something visible changed.</summary>
    private void Update(Action change)
    {
        bool changed;
        lock (_stateLock)
        {
            var before = (_state, _exitCode, _pid, _healthDetail, _restartCount, _startedAt);
            change();
            changed = before != (_state, _exitCode, _pid, _healthDetail, _restartCount, _startedAt);
        }

        if (changed)
        {
            _changed(this);
        }
    }

    private static TimeSpan Remaining(DateTimeOffset until)
    {
        var left = until - DateTimeOffset.UtcNow;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
