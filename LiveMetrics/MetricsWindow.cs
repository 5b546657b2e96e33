namespace Evently.LiveMetrics;

/// <summary>
/// The last hour of request figures (minute buckets), the current rate and the counters' totals, recorded on every
/// request. Each core records into its own <see cref="MetricsStripe"/>, so threads on the two cores of an on-sale's
/// machine do not wait on one lock for every request; reading (a scrape every few seconds) merges the stripes.
/// </summary>
public sealed class MetricsWindow(TimeProvider clock)
{
    public const int Minutes = 60;

    private readonly MetricsStripe[] _stripes = [.. Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new MetricsStripe())];

    // A hint, not a promise: the id may exceed the processor count (or be anything), hence the unsigned modulo.
    private MetricsStripe Stripe => _stripes[(uint)Thread.GetCurrentProcessorId() % (uint)_stripes.Length];

    private long Now => clock.GetUtcNow().ToUnixTimeSeconds();

    public void RecordRequest(int statusCode, double durationMs, string region) => Stripe.RecordRequest(Now, statusCode, durationMs, region);

    public void RecordDbOperation(double durationMs) => Stripe.RecordDbOperation(Now, durationMs);

    /// <summary>Adds <paramref name="value"/> to a counter and its tagged series (<paramref name="keys"/>).</summary>
    public void RecordCounter(ReadOnlySpan<string> keys, long value) => Stripe.RecordCounter(Now, keys, value);

    /// <param name="CounterTotals">Each counter series since the process started.</param>
    public sealed record Totals(RequestFigures Requests, LatencyHistogram Latency, Dictionary<string, long> Regions,
        Dictionary<string, long> Counters, Dictionary<string, long> CounterTotals, DatabaseOperations DatabaseOperations);

    /// <summary>What the stripes add up into.</summary>
    internal sealed class Sums
    {
        public long Requests, ServerErrors, ClientErrors, RateLimited, DbOperations, LastMinute;
        public double DbSumMs;
        public readonly LatencyHistogram Latency = new();
        public readonly Dictionary<string, long> Regions = new(StringComparer.Ordinal);
        public readonly Dictionary<string, long> Counters = new(StringComparer.Ordinal);
        public readonly Dictionary<string, long> CounterTotals = new(StringComparer.Ordinal);
    }

    /// <summary>Sums the buckets of the last hour, and the counters' totals.</summary>
    public Totals Read()
    {
        var now = Now;
        var oldestMinute = now / 60 - (Minutes - 1);
        var sums = new Sums();
        foreach (var stripe in _stripes)
        {
            stripe.AddTo(sums, now, oldestMinute);
        }

        return new Totals(new RequestFigures(sums.Requests, sums.ServerErrors, sums.ClientErrors, sums.RateLimited, sums.LastMinute),
            sums.Latency, sums.Regions, sums.Counters, sums.CounterTotals, new DatabaseOperations(sums.DbOperations, Math.Round(sums.DbSumMs, 3)));
    }
}
