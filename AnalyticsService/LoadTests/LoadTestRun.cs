using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Evently.AnalyticsService.Metrics;

namespace Evently.AnalyticsService.LoadTests;

/// <summary>
/// One load test: prepares (load-test users; for bookings, the dedicated event), then runs
/// <c>concurrent_users</c> workers, each sending its next request as soon as the previous one answered, against the
/// gateway's own address until the duration is up or an admin stops it; afterwards checks consistency and cleans up.
/// </summary>
public sealed class LoadTestRun(string id, LoadTestRequest request, Uri gateway, string adminAuthorization, DateTimeOffset startedAt)
{
    private readonly CancellationTokenSource _stop = new();
    private long _workStartedTicks;
    private long _workEndedTicks;

    public string Id { get; } = id;
    public LoadTestRequest Request { get; } = request;
    public Uri Gateway { get; } = gateway;
    public string AdminAuthorization { get; } = adminAuthorization;
    public DateTimeOffset StartedAt { get; } = startedAt;
    public LoadTestStats Stats { get; } = new();
    public Guid? EventId { get; set; }
    public int Users { get; set; }
    public string Status { get; set; } = "running";
    public string? Error { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public GatewayClient.Consistency? Consistency { get; set; }
    public IReadOnlyList<MetricsFanOut.ServiceSnapshot>? MetricsBefore { get; set; }
    public IReadOnlyList<MetricsFanOut.ServiceSnapshot>? MetricsAfter { get; set; }
    public Task Completion { get; set; } = Task.CompletedTask;

    public bool StopRequested => _stop.IsCancellationRequested;

    public CancellationToken StopToken => _stop.Token;

    public void Stop() => _stop.Cancel();

    /// <summary>Seconds the workers have been (or were) sending.</summary>
    public double ElapsedSeconds
    {
        get
        {
            var start = Interlocked.Read(ref _workStartedTicks);
            if (start == 0)
            {
                return 0;
            }

            var end = Interlocked.Read(ref _workEndedTicks);
            return Stopwatch.GetElapsedTime(start, end == 0 ? Stopwatch.GetTimestamp() : end).TotalSeconds;
        }
    }

    /// <summary>Runs the workers until the duration is up or <see cref="Stop"/>.</summary>
    public async Task RunWorkersAsync(IReadOnlyList<string> tokens, TimeSpan requestTimeout)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Request.ConcurrentUsers,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var http = new HttpClient(handler) { BaseAddress = Gateway, Timeout = Timeout.InfiniteTimeSpan };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        deadline.CancelAfter(TimeSpan.FromSeconds(Request.DurationSeconds));
        Interlocked.Exchange(ref _workStartedTicks, Stopwatch.GetTimestamp());
        var workers = Enumerable.Range(0, Request.ConcurrentUsers)
            .Select(i => Task.Run(() => WorkerAsync(http, tokens.Count == 0 ? null : tokens[i % tokens.Count], requestTimeout, deadline.Token)))
            .ToArray();
        await Task.WhenAll(workers);
        Interlocked.Exchange(ref _workEndedTicks, Stopwatch.GetTimestamp());
    }

    private async Task WorkerAsync(HttpClient http, string? token, TimeSpan requestTimeout, CancellationToken ct)
    {
        var body = Request.Target.IsBooking ? Encoding.UTF8.GetBytes($$"""{"event_id":"{{EventId}}","quantity":1}""") : null;
        while (!ct.IsCancellationRequested)
        {
            using var message = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, Request.Target.Path.TrimStart('/'));
            if (token is not null)
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (body is not null)
            {
                message.Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
            }

            var started = Stopwatch.GetTimestamp();
            // Only the request's own timeout cuts it short: a request in flight when the test ends is awaited and
            // counted, so the figures (seats booked above all) match what the system did.
            using var timeout = new CancellationTokenSource(requestTimeout);
            try
            {
                using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeout.Token);
                var status = (int)response.StatusCode;
                var soldOut = false;
                if (body is not null && status == StatusCodes.Status409Conflict)
                {
                    // "Only N seats available" is the right answer once the event sells out, not a failure.
                    soldOut = (await response.Content.ReadAsStringAsync(CancellationToken.None)).Contains("seats available", StringComparison.Ordinal);
                }

                Stats.Record(status, Stopwatch.GetElapsedTime(started).TotalMilliseconds, soldOut,
                    body is not null && status == StatusCodes.Status201Created ? 1 : 0);
            }
            catch (OperationCanceledException)
            {
                Stats.RecordTimeout(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (HttpRequestException)
            {
                Stats.RecordTransportError();
                // Back off a little so a refused connection does not turn this worker into a busy loop.
                await Task.Delay(TimeSpan.FromMilliseconds(50), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
