using System.Diagnostics;
using System.Net;

namespace Evently.Bench.Load;

/// <summary>
/// A small closed-loop HTTP load generator: N workers over one <see cref="SocketsHttpHandler"/> capped at N
/// connections, each sending its next request as soon as the previous one answers. Each worker keeps its own
/// counters and latency list (no shared locks on the hot path); they are merged at the end. It measures its own
/// CPU so a report can show the generator was not the bottleneck.
/// </summary>
public static class LoadGenerator
{
    /// <param name="request">Builds worker <c>w</c>'s next request.</param>
    /// <param name="classify">Names the outcome of an answered request (e.g. "ok", "sold_out").</param>
    public static Task<LoadResult> RunAsync(Uri baseAddress, LoadOptions options, Func<int, HttpRequestMessage> request,
        Func<HttpResponseMessage, Task<string>> classify, CancellationToken ct = default) =>
        RunAsync(baseAddress, options, async (client, worker, token) =>
        {
            using var message = request(worker);
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, token);
            return await classify(response);
        }, ct);

    /// <param name="operation">Worker <c>w</c>'s next operation (one or more requests), measured as a whole; returns its outcome.</param>
    public static async Task<LoadResult> RunAsync(Uri baseAddress, LoadOptions options,
        Func<HttpClient, int, CancellationToken, Task<string>> operation, CancellationToken ct = default)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        };
        using var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };

        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
        var measureTo = measureFrom + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
        var workers = new Worker[options.Connections];
        var cpuAtMeasureStart = TimeSpan.Zero;
        var cpuSampled = new TaskCompletionSource();
        _ = Task.Run(async () =>
        {
            await Task.Delay(options.Warmup, ct);
            cpuAtMeasureStart = Process.GetCurrentProcess().TotalProcessorTime;
            cpuSampled.TrySetResult();
        }, ct);

        var tasks = new Task[options.Connections];
        for (var w = 0; w < options.Connections; w++)
        {
            var worker = workers[w] = new Worker();
            var index = w;
            tasks[w] = Task.Run(() => worker.RunAsync(client, index, operation, measureFrom, measureTo, options.RequestTimeout, options.Timed, ct), ct);
        }

        await Task.WhenAll(tasks);
        await cpuSampled.Task;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuAtMeasureStart;
        var wall = Stopwatch.GetElapsedTime(measureFrom);

        var latencies = workers.SelectMany(w => w.Latencies).ToArray();
        Array.Sort(latencies);
        var outcomes = workers.SelectMany(w => w.Outcomes).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));
        var cores = cpu.TotalSeconds / wall.TotalSeconds;
        return new LoadResult(options.Connections, options.Duration.TotalSeconds, outcomes.Values.Sum(), outcomes,
            Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99), latencies.Length == 0 ? 0 : latencies[^1],
            Math.Round(100 * cores / Environment.ProcessorCount, 1), Math.Round(cores, 2));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)], 1);

    private sealed class Worker
    {
        public List<double> Latencies { get; } = [];
        public Dictionary<string, long> Outcomes { get; } = [];

        public async Task RunAsync(HttpClient client, int index, Func<HttpClient, int, CancellationToken, Task<string>> operation,
            long measureFrom, long measureTo, TimeSpan timeout, Func<string, bool>? timed, CancellationToken ct)
        {
            while (!ct.IsCancellationRequested)
            {
                var sent = Stopwatch.GetTimestamp();
                if (sent >= measureTo)
                {
                    return;
                }

                string outcome;
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                cts.CancelAfter(timeout);
                try
                {
                    outcome = await operation(client, index, cts.Token);
                    if (sent >= measureFrom && (timed is null || timed(outcome)))
                    {
                        Latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                    }
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    outcome = "timeout";
                }
                catch (HttpRequestException)
                {
                    outcome = "connection_error";
                }

                if (sent >= measureFrom)
                {
                    Outcomes[outcome] = Outcomes.GetValueOrDefault(outcome) + 1;
                }
            }
        }
    }
}
