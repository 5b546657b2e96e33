using Evently.Dashboard.Telemetry;

namespace Evently.Dashboard.Tests.Otlp;

public sealed class StoreConcurrencyTests
{
    [Fact]
    public async Task Concurrent_writers_and_readers_never_exceed_the_limit_or_lose_the_index()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxSpans = 500, MaxLogRecords = 300 });
        var notifications = 0;
        using var subscription = store.Subscribe(_ => Interlocked.Increment(ref notifications));

        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                var trace = $"{w:x2}{i:x30}";
                store.AddSpans([Span(trace, "a", null), Span(trace, "b", "a")]);
                store.AddLogs([i], (n, seq) => new LogEntry(seq, DateTime.UtcNow, 9, "Information", $"w{w} {n}", "svc", "", null, null, []));
            }
        }));
        var reader = Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                Assert.True(store.Traces().Count <= 500);
                Assert.True(store.Logs().Count <= 300);
            }
        });
        await Task.WhenAll([.. writers, reader]);

        Assert.Equal(500, store.SpanCount);
        Assert.Equal(300, store.LogCount);
        // Every span still held is reachable through its trace, and no trace is left empty.
        var traces = store.Traces();
        Assert.Equal(500, traces.Sum(t => t.SpanCount));
        Assert.All(traces, t => Assert.True(t.SpanCount > 0));
        var sequences = store.Logs().Select(l => l.Sequence).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(8 * 200 * 2, notifications);
    }

    [Fact]
    public void Histogram_quantiles_interpolate_inside_the_bucket()
    {
        // bounds 0,10,100 -> buckets (-inf,0] (0,10] (10,100] (100,+inf)
        double[] bounds = [0, 10, 100];
        ulong[] buckets = [0, 50, 50, 0];
        Assert.Equal(10, MetricChart.Quantile(bounds, buckets, 0.5), 3);
        Assert.Equal(91, MetricChart.Quantile(bounds, buckets, 0.95), 3);
        Assert.Equal(100, MetricChart.Quantile(bounds, [0, 0, 0, 7], 0.99), 3);
    }

    private static SpanRecord Span(string trace, string id, string? parent) =>
        new(trace, id, parent, "op", SpanKindValue.Internal, "svc", "", DateTime.UtcNow, DateTime.UtcNow, false, null, [], []);
}
