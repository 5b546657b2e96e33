using Aspire.Hosting.ApplicationModel;
using Evently.Hosting.Servers;
using Evently.Hosting.Startup;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evently.Hosting.Supervision;

/// <summary>
/// Aspire does not restart a process that dies; this does. A service or server that exits on its own after it
/// had started is started again through Aspire's own start command, after a back-off (1, 2, 4 … 30 s) that resets
/// once it has stayed up a minute. A resource stopped on purpose (its Stop command, or AppHost shutting down) goes
/// through "Stopping" first and is left alone. Restarts are counted on the resource, for the dashboard.
/// </summary>
internal sealed class ResourceSupervisor(
    StartupReport startup,
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    IHostApplicationLifetime lifetime,
    ILogger<ResourceSupervisor> logger) : BackgroundService
{
    public const string RestartsProperty = "evently.restarts";
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StableAfter = TimeSpan.FromMinutes(1);
    private readonly Dictionary<string, Watch> _watches = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken).ConfigureAwait(false))
            {
                if (ResourceKinds.IsLongRunning(update.Resource))
                {
                    Observe(update, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Observe(ResourceEvent update, CancellationToken stoppingToken)
    {
        if (!_watches.TryGetValue(update.ResourceId, out var watch))
        {
            _watches[update.ResourceId] = watch = new Watch();
        }

        var state = update.Snapshot.State?.Text;
        var previous = watch.State;
        watch.State = state;
        if (state == previous)
        {
            return;
        }

        if (state == KnownResourceStates.Running)
        {
            watch.RunningSince = DateTime.UtcNow;
            watch.EverRan = true;
            return;
        }

        // A failed restart (FailedToStart) is retried too; a start failure before it ever ran is AppHost's to report.
        // Until everything has been healthy once, an exit is a failed start: StartupWatch reports it and stops AppHost.
        var crashed = IsTerminal(state) && watch.EverRan && previous != KnownResourceStates.Stopping
            && startup.Ready.IsCompletedSuccessfully && !lifetime.ApplicationStopping.IsCancellationRequested;
        if (!crashed)
        {
            return;
        }

        lock (watch)
        {
            if (watch.Restarting)
            {
                return;
            }

            watch.Restarting = true;
        }

        if (DateTime.UtcNow - watch.RunningSince > StableAfter)
        {
            watch.Backoff = TimeSpan.Zero;
        }

        watch.Backoff = watch.Backoff == TimeSpan.Zero ? TimeSpan.FromSeconds(1) : TimeSpan.FromTicks(Math.Min(watch.Backoff.Ticks * 2, MaxBackoff.Ticks));
        watch.RunningSince = null;
        logger.LogWarning("{Resource} exited unexpectedly (exit code {ExitCode}); restarting in {Backoff} s",
            update.ResourceId, update.Snapshot.ExitCode, watch.Backoff.TotalSeconds);
        _ = RestartAsync(update.Resource, update.ResourceId, watch, stoppingToken);
    }

    private async Task RestartAsync(IResource resource, string resourceId, Watch watch, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(watch.Backoff, stoppingToken).ConfigureAwait(false);
            // Someone may have started it by hand meanwhile.
            if (notifications.TryGetCurrentState(resourceId, out var current) && !IsTerminal(current.Snapshot.State?.Text))
            {
                return;
            }

            watch.Restarts++;
            await notifications.PublishUpdateAsync(resource, resourceId, s => s with { Properties = s.Properties.With(RestartsProperty, watch.Restarts) })
                .ConfigureAwait(false);
            var result = await commands.ExecuteCommandAsync(resourceId, KnownResourceCommands.StartCommand, stoppingToken).ConfigureAwait(false);
            if (!result.Success)
            {
                logger.LogError("Restart of {Resource} failed: {Error}", resourceId, result.Message);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "Restart of {Resource} failed", resourceId);
        }
        finally
        {
            lock (watch)
            {
                watch.Restarting = false;
            }
        }
    }

    private static bool IsTerminal(string? state) =>
        state == KnownResourceStates.Exited || state == KnownResourceStates.Finished || state == KnownResourceStates.FailedToStart;

    private sealed class Watch
    {
        public string? State { get; set; }

        public DateTime? RunningSince { get; set; }

        public bool EverRan { get; set; }

        public TimeSpan Backoff { get; set; }

        public int Restarts { get; set; }

        public bool Restarting { get; set; }
    }
}
