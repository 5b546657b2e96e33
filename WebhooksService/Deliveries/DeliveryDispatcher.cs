using Dapper;
using Evently.WebhooksService.Ingest;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evently.WebhooksService.Deliveries;

/// <summary>
/// Works the delivery queue: claims due rows (woken by the consumers' NOTIFY, a finished attempt, or a poll) and sends
/// each on its own task, up to <see cref="WebhookOptions.MaxConcurrency"/> at once and
/// <see cref="WebhookOptions.MaxConcurrencyPerEndpoint"/> per endpoint. A slow or dead receiver therefore holds only its
/// own few slots until its timeout; other endpoints, and bookings (which never wait on webhooks), go on. Every replica
/// runs one; what they share lives in the database (claims and leases), not in memory.
/// </summary>
public sealed partial class DeliveryDispatcher(
    DeliveryStore store, WebhookSender sender, NpgsqlDataSource dataSource, IOptions<WebhookOptions> options,
    ILogger<DeliveryDispatcher> logger) : BackgroundService
{
    private readonly WebhookOptions _options = options.Value;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Dictionary<Guid, int> _inFlight = [];
    private readonly HashSet<Task> _running = [];
    private readonly Lock _gate = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = ListenAsync(stoppingToken);
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchDueAsync(stoppingToken);
                backoff = TimeSpan.Zero;
                await _wake.WaitAsync(_options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                backoff = TimeSpan.FromMilliseconds(Math.Clamp(backoff.TotalMilliseconds * 2, 250, 5000));
                LogDispatchFailed(logger, e, backoff.TotalMilliseconds);
                await Task.Delay(backoff, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        Task[] running;
        lock (_gate)
        {
            running = [.. _running];
        }

        // Attempts cut short by the stop keep their lease; another replica (or this one, restarted) retries them.
        await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task DispatchDueAsync(CancellationToken ct)
    {
        while (true)
        {
            int free;
            Dictionary<Guid, int> inFlight;
            lock (_gate)
            {
                free = _options.MaxConcurrency - _running.Count;
                inFlight = new Dictionary<Guid, int>(_inFlight);
            }

            if (free <= 0)
            {
                return;
            }

            var claims = await store.ClaimAsync(free, inFlight, ct);
            foreach (var claim in claims)
            {
                Start(claim, ct);
            }

            if (claims.Count < free)
            {
                return;
            }
        }
    }

    private void Start(ClaimedDelivery claim, CancellationToken ct)
    {
        lock (_gate)
        {
            _inFlight[claim.EndpointId] = _inFlight.GetValueOrDefault(claim.EndpointId) + 1;
            var task = Task.Run(() => AttemptAsync(claim, ct), CancellationToken.None);
            _running.Add(task);
            _ = task.ContinueWith(t =>
            {
                lock (_gate)
                {
                    _running.Remove(t);
                    if (--_inFlight[claim.EndpointId] == 0)
                    {
                        _inFlight.Remove(claim.EndpointId);
                    }
                }

                Wake(); // a slot is free: more of this endpoint's queue may go now
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task AttemptAsync(ClaimedDelivery claim, CancellationToken ct)
    {
        try
        {
            var result = await sender.SendAsync(claim, ct);
            await store.CompleteAsync(claim, result, CancellationToken.None);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The lease brings the row back once it runs out; nothing is lost.
            LogAttemptFailed(logger, e, claim.Id);
        }
    }

    /// <summary>LISTENs for new deliveries so they go out at once rather than at the next poll.</summary>
    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                connection.Notification += (_, _) => Wake();
                await connection.ExecuteAsync($"LISTEN {DeliveryQueue.Channel}");
                while (!ct.IsCancellationRequested)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Polling still finds everything meanwhile.
                LogListenFailed(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
        catch (ObjectDisposedException)
        {
            // Stopping: an attempt finished after the loop ended.
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook dispatch failed; retrying in {DelayMs} ms")]
    private static partial void LogDispatchFailed(ILogger logger, Exception e, double delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook attempt of delivery {DeliveryId} could not be recorded; it is retried after its lease")]
    private static partial void LogAttemptFailed(ILogger logger, Exception e, Guid deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for new webhook deliveries failed; polling until it is back")]
    private static partial void LogListenFailed(ILogger logger, Exception e);
}
