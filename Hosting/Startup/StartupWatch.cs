using System.Diagnostics;
using System.Text;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evently.Hosting.Startup;

/// <summary>
/// Waits for every service and server to be healthy, then says so once (<see cref="ReadyBanner"/>). A resource that
/// fails to start, or exits before it was healthy, fails the whole start at once: it is named with the reason and the
/// last lines of its log, and AppHost stops with a non-zero exit code instead of waiting forever.
/// </summary>
internal sealed class StartupWatch(
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    ResourceLoggerService logs,
    StartupReport report,
    ReadyBanner banner,
    IHostApplicationLifetime lifetime,
    ILogger<StartupWatch> logger) : BackgroundService
{
    private const int LogLines = 15;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var clock = Stopwatch.StartNew();
        var resources = model.Resources.Where(ResourceKinds.IsLongRunning).ToList();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var failure = WatchFailuresAsync(resources, cts.Token);
        var healthy = Task.WhenAll(resources.Select(r => AllReplicasHealthyAsync(r, cts.Token)));
        try
        {
            var first = await Task.WhenAny(failure, healthy).ConfigureAwait(false);
            await cts.CancelAsync().ConfigureAwait(false);
            if (first == healthy && healthy.IsCompletedSuccessfully)
            {
                report.Succeeded(clock.Elapsed);
                banner.Print(clock.Elapsed, model);
                return;
            }

            if (failure.IsFaulted)
            {
                logger.LogError(failure.Exception, "Watching the start failed");
            }

            if (failure.IsCompletedSuccessfully && failure.Result is { } message)
            {
                logger.LogCritical("{Failure}", message);
                await Console.Error.WriteLineAsync(message).ConfigureAwait(false);
                report.Failed(message);
                Environment.ExitCode = 1;
                lifetime.StopApplication();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Every replica of <paramref name="resource"/> healthy at once (each replica is its own instance id).</summary>
    private async Task AllReplicasHealthyAsync(IResource resource, CancellationToken ct)
    {
        var wanted = resource.GetReplicaCount();
        var healthy = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var update in notifications.WatchAsync(ct).ConfigureAwait(false))
        {
            if (update.Resource != resource)
            {
                continue;
            }

            if (ResourceKinds.IsHealthy(update.Snapshot))
            {
                healthy.Add(update.ResourceId);
            }
            else
            {
                healthy.Remove(update.ResourceId);
            }

            if (healthy.Count >= wanted)
            {
                return;
            }
        }

        ct.ThrowIfCancellationRequested();
    }

    /// <summary>The first failure to start, described; never completes while all goes well.</summary>
    private async Task<string?> WatchFailuresAsync(IReadOnlyCollection<IResource> resources, CancellationToken ct)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(ct).ConfigureAwait(false))
            {
                if (!resources.Contains(update.Resource))
                {
                    continue;
                }

                var state = update.Snapshot.State?.Text;

                // A resource only finishes after it ran: before it is healthy that is a failure to start.
                var failed = state == KnownResourceStates.FailedToStart || state == KnownResourceStates.Exited || state == KnownResourceStates.Finished;
                if (failed)
                {
                    var reason = state == KnownResourceStates.FailedToStart ? "failed to start" : $"exited with code {update.Snapshot.ExitCode}";
                    return await DescribeAsync(update.Resource, reason, ct).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return null;
    }

    private async Task<string> DescribeAsync(IResource resource, string reason, CancellationToken ct)
    {
        // Its last log lines usually say why (a missing binary, a port in use, a bad setting). Reading the backlog may
        // not end or heed cancellation, so take what arrived within two seconds.
        var lines = new List<string>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Run(async () =>
        {
            await foreach (var batch in logs.GetAllAsync(resource).WithCancellation(timeout.Token).ConfigureAwait(false))
            {
                lock (lines)
                {
                    lines.AddRange(batch.Select(l => l.Content));
                }
            }
        }, CancellationToken.None);
        await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(2), ct)).ConfigureAwait(false);
        await timeout.CancelAsync().ConfigureAwait(false);
        List<string> read;
        lock (lines)
        {
            read = [.. lines];
        }

        var text = new StringBuilder($"FAILED {resource.Name} ({ResourceKinds.Of(resource)}): {reason}");
        text.AppendLine().Append("  last lines of its log:");
        // A crash's cause is often the first exception line, above a long stack trace: keep it with the tail.
        var tail = read.TakeLast(LogLines).ToList();
        if (read.FirstOrDefault(l => l.Contains("Exception", StringComparison.Ordinal)) is { } cause && !tail.Contains(cause))
        {
            tail.Insert(0, cause);
            tail.Insert(1, "…");
        }

        foreach (var line in tail)
        {
            text.AppendLine().Append("    ").Append(line);
        }

        return text.ToString();
    }
}
