using System.Security.Cryptography;
using Evently.AnalyticsService.Metrics;
using Evently.AnalyticsService.Services;
using Microsoft.Extensions.Options;

namespace Evently.AnalyticsService.LoadTests;

/// <summary>
/// Starts, tracks and stops load tests, one at a time across every analytics instance: analytics-db decides who runs
/// one (<see cref="LoadTestStore"/>), and the instance that started it owns it, renewing its lease with the figures so
/// far, so any instance can answer its status or pass on a stop. A test runs in the background, independent of the
/// request that started it, and ends by itself when its duration is up; its results are written to analytics-db.
/// </summary>
public sealed partial class LoadTestManager(ServiceDirectory directory, LoadTestStore store, LoadTestOwner owner, GatewayClient gatewayClient,
    LoadTestUsers users, MetricsFanOut metrics, IOptions<LoadTestOptions> options, TimeProvider clock, IHostApplicationLifetime lifetime,
    ILogger<LoadTestManager> logger)
{
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private LoadTestRun? _current;

    private const string IdPrefix = "load_test_";

    /// <summary>Only ids this service can have issued are looked up (anything else is simply not found).</summary>
    public static bool IsTestId(string id) =>
        id.Length == IdPrefix.Length + 12 && id.StartsWith(IdPrefix, StringComparison.Ordinal) && id[IdPrefix.Length..].All(char.IsAsciiHexDigitLower);

    public abstract record StartResult
    {
        public sealed record Started(LoadTestRun Run) : StartResult;

        public sealed record AlreadyRunning : StartResult;

        public sealed record NoGateway : StartResult;
    }

    public async Task<StartResult> StartAsync(LoadTestRequest request, string adminAuthorization, CancellationToken ct)
    {
        if (directory.GatewayAddress() is not { } gateway)
        {
            return new StartResult.NoGateway();
        }

        var run = new LoadTestRun($"{IdPrefix}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}", request, gateway,
            adminAuthorization, clock.GetUtcNow());
        if (!await store.TryInsertRunningAsync(run, owner.Id, Lease, ct))
        {
            return new StartResult.AlreadyRunning();
        }

        lock (_lock)
        {
            _current = run;
        }

        // Not tied to the starting request; the host's stopping token ends it on shutdown.
        run.Completion = Task.Run(() => ExecuteAsync(run), CancellationToken.None);
        _ = Task.Run(() => HeartbeatAsync(run), CancellationToken.None);
        return new StartResult.Started(run);
    }

    private TimeSpan Lease => TimeSpan.FromSeconds(Math.Max(1, options.Value.LeaseSeconds));

    /// <returns>The live view of a test this instance runs, or the stored one (another instance's figures so far).</returns>
    public async Task<LoadTestReport.View?> GetAsync(string id, CancellationToken ct) =>
        Current(id) is { } run ? LoadTestReport.From(run) : await store.GetAsync(id, ct);

    public async Task<LoadTestReport.View?> StopAsync(string id, CancellationToken ct)
    {
        if (Current(id) is { } run)
        {
            run.Stop();
            // Waits for the workers and the final checks, so the answer carries the final figures.
            await run.Completion.WaitAsync(TimeSpan.FromSeconds(30), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return LoadTestReport.From(run);
        }

        // Another instance owns it: ask through the database and wait for its owner to end it.
        if (await store.RequestStopAsync(id, ct))
        {
            return await Eventually(() => store.GetAsync(id, ct), v => v?.Status != "running", ct);
        }

        return await store.GetAsync(id, ct);
    }

    /// <summary>
    /// The owner's lease and the figures other instances answer with, renewed until the test ends. A stop asked
    /// through another instance stops it; a lease lost (this instance could not renew it in time and another marked
    /// it aborted) stops it too, so two instances never run tests at once.
    /// </summary>
    private async Task HeartbeatAsync(LoadTestRun run)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(100, options.Value.HeartbeatMs)));
        while (await timer.WaitForNextTickAsync() && run.FinishedAt is null)
        {
            try
            {
                switch (await store.RenewAsync(run.Id, owner.Id, Lease, LoadTestReport.Metrics(run), CancellationToken.None))
                {
                    case LoadTestStore.Renewal.StopRequested:
                        run.Stop();
                        break;
                    case LoadTestStore.Renewal.Lost when run.FinishedAt is null:
                        LogLeaseLost(logger, run.Id);
                        run.Stop();
                        return;
                }
            }
            catch (Npgsql.NpgsqlException ex)
            {
                LogRenewFailed(logger, ex, run.Id);
            }
        }
    }

    private static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + StopWait;
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            value = await read();
        }

        return value;
    }

    private LoadTestRun? Current(string id)
    {
        lock (_lock)
        {
            return _current?.Id == id ? _current : null;
        }
    }

    private async Task ExecuteAsync(LoadTestRun run)
    {
        var settings = options.Value;
        using var stopping = lifetime.ApplicationStopping.Register(run.Stop);
        var ct = run.StopToken;
        // The run shows "running" until its results are complete (after the final checks below).
        string status;
        try
        {
            LogStarting(logger, run.Id, run.Request.ConcurrentUsers, run.Request.DurationSeconds, run.Request.Target.Path);
            var tokens = await users.GetAsync(run.Gateway, run.Id,
                Math.Min(run.Request.ConcurrentUsers, Math.Max(1, settings.MaxUsers)), ct);
            run.Users = tokens.Count;
            if (run.Request.Target.IsBooking)
            {
                if (tokens.Count == 0)
                {
                    throw new LoadTestSetupException("No load-test user could be registered (registration refused or rate-limited).");
                }

                run.EventId = await gatewayClient.CreateEventAsync(run.Gateway, run.AdminAuthorization, run.Id, settings.BookingEventCapacity, ct);
            }

            run.MetricsBefore = await metrics.FetchAllAsync(run.AdminAuthorization, ct);
            await run.RunWorkersAsync(tokens, TimeSpan.FromSeconds(settings.RequestTimeoutSeconds));
            status = run.StopRequested ? "stopped" : "completed";
        }
        catch (Exception ex) when (ex is LoadTestSetupException or HttpRequestException or OperationCanceledException)
        {
            status = run.StopRequested ? "stopped" : "failed";
            run.Error = ex is OperationCanceledException ? "Stopped before the load started." : ex.Message;
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex, run.Id);
            status = "failed";
            run.Error = "The load test failed unexpectedly: " + ex.Message;
        }

        await FinishAsync(run, status);
    }

    /// <summary>After the load: the services' counters, the consistency check, the load-test event cancelled, the row written.</summary>
    private async Task FinishAsync(LoadTestRun run, string status)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            run.MetricsAfter = await metrics.FetchAllAsync(run.AdminAuthorization, timeout.Token);
            run.Consistency = await gatewayClient.ConsistencyAsync(run.Gateway, run.AdminAuthorization, run.EventId, timeout.Token);
            if (run.EventId is { } eventId)
            {
                await gatewayClient.CancelEventAsync(run.Gateway, run.AdminAuthorization, eventId, timeout.Token);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            LogCleanupFailed(logger, ex, run.Id);
        }

        run.FinishedAt = clock.GetUtcNow();
        run.Status = status;
        try
        {
            await store.FinishAsync(run, owner.Id, LoadTestReport.Metrics(run));
        }
        catch (Npgsql.NpgsqlException ex)
        {
            LogCleanupFailed(logger, ex, run.Id);
        }

        LogFinished(logger, run.Id, run.Status, run.Stats.Read().Total);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Load test {Id} starting: {Users} users for {Duration}s against {Target}")]
    private static partial void LogStarting(ILogger logger, string id, int users, int duration, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "Load test {Id} {Status} after {Requests} requests")]
    private static partial void LogFinished(ILogger logger, string id, string status, long requests);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Load test {Id} lost its lease (not renewed in time, marked aborted): stopping it")]
    private static partial void LogLeaseLost(ILogger logger, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Load test {Id}: renewing its lease failed; retrying")]
    private static partial void LogRenewFailed(ILogger logger, Exception ex, string id);

    [LoggerMessage(Level = LogLevel.Error, Message = "Load test {Id} failed")]
    private static partial void LogFailed(ILogger logger, Exception ex, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Load test {Id}: final checks or saving the results failed")]
    private static partial void LogCleanupFailed(ILogger logger, Exception ex, string id);
}
