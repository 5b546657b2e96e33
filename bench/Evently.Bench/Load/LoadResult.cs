namespace Evently.Bench.Load;

/// <summary>What a run measured (warm-up excluded). Latencies are of answered requests, in milliseconds.</summary>
public sealed record LoadResult(
    int Connections,
    double DurationSeconds,
    long Requests,
    IReadOnlyDictionary<string, long> Outcomes,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double MaxMs,
    double LoadGeneratorCpuPercent,
    double LoadGeneratorCores)
{
    public long Count(string outcome) => Outcomes.TryGetValue(outcome, out var n) ? n : 0;

    public double PerSecond(string outcome) => Count(outcome) / DurationSeconds;
}
