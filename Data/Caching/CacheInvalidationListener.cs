using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Evently.Data.Caching;

/// <summary>
/// Subscribes to <see cref="CacheInvalidationChannel.Channel"/> and hands other processes' invalidations to the
/// handler. Starts without Redis (retries the subscription until it is there); after a lost connection it asks the
/// handler to drop everything, since announcements made meanwhile never arrived.
/// </summary>
public sealed partial class CacheInvalidationListener(IConnectionMultiplexer redis, CacheInvalidationChannel channel,
    ICacheInvalidationHandler handler, ILogger<CacheInvalidationListener> logger) : BackgroundService
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        redis.ConnectionRestored += OnConnectionRestored;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await redis.GetSubscriber().SubscribeAsync(CacheInvalidationChannel.Channel, OnMessage);
                    break; // the multiplexer re-subscribes by itself after a reconnect
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    LogSubscribeFailed(logger, ex);
                    await Task.Delay(RetryInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }

            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            redis.ConnectionRestored -= OnConnectionRestored;
        }
    }

    private void OnMessage(RedisChannel from, RedisValue message)
    {
        var invalidation = CacheInvalidationChannel.Parse(message.ToString());
        if (invalidation.Origin != channel.Origin && invalidation.Tags.Count > 0)
        {
            _ = RunAsync(() => handler.OnInvalidatedAsync(invalidation));
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => _ = RunAsync(handler.OnResyncAsync);

    private async Task RunAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex)
        {
            // A handler failure must not take the process down from a Redis callback; the copies expire by themselves.
            LogHandlerFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing to cache invalidations failed; retrying")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying a cache invalidation from another instance failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception ex);
}
