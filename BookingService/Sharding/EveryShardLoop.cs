using Npgsql;

namespace Evently.BookingService.Sharding;

/// <summary>
/// A background job that visits every shard on a fixed tick (hold expiry, waitlist holds, waiting-room admission). Its
/// state lives in the shards, so a restart simply resumes; a shard that is down is skipped with a warning and visited
/// again on the next tick, while the others carry on.
/// </summary>
public abstract partial class EveryShardLoop(ShardMap shards, ILogger logger) : BackgroundService
{
    protected ILogger Logger => logger;

    protected abstract TimeSpan Interval { get; }

    /// <summary>What the job does, for the log ("Checkout hold sweep").</summary>
    protected abstract string Job { get; }

    public abstract Task RunAsync(Shard shard, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await TickAsync(timer, stoppingToken))
        {
            foreach (var shard in shards.Shards)
            {
                try
                {
                    await RunAsync(shard, stoppingToken);
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
                {
                    LogShardFailed(logger, ex, Job, shard.Name);
                }
            }
        }
    }

    private static async Task<bool> TickAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Job} of {Shard} failed; retrying on the next tick")]
    private static partial void LogShardFailed(ILogger logger, Exception ex, string job, string shard);
}
