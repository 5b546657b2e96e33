using System.Diagnostics;
using System.Diagnostics.Metrics;
using Evently.Dashboard.Telemetry;
using Evently.Dashboard.Tests.Infrastructure;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Evently.Dashboard.Tests.Otlp;

/// <summary>The receiver decodes what the real .NET OpenTelemetry SDK exports (no hand-made payloads here).</summary>
public sealed class SdkExportTests : IAsyncLifetime
{
    private DashboardTestHost _host = null!;
    private readonly string _name = "Evently.Test." + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync() => _host = await DashboardTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private ResourceBuilder Resource(string service) => ResourceBuilder.CreateEmpty().AddService(service);

    private Action<OtlpExporterOptions> Http(string signal) => o =>
    {
        o.Protocol = OtlpExportProtocol.HttpProtobuf;
        o.Endpoint = new Uri(_host.BaseUrl, signal);
    };

    [Fact]
    public void Traces_over_http_protobuf_keep_ids_parents_attributes_and_errors()
    {
        using var source = new ActivitySource(_name);
        using var provider = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(Resource("svc-a")).AddSource(_name)
            .AddOtlpExporter(Http("v1/traces")).Build();

        string traceId, parentId;
        using (var parent = source.StartActivity("POST /api/v1/bookings", ActivityKind.Server)!)
        {
            parent.SetTag("http.request.method", "POST");
            parent.SetTag("booking.quantity", 2);
            traceId = parent.TraceId.ToHexString();
            parentId = parent.SpanId.ToHexString();
            using var db = source.StartActivity("INSERT bookings", ActivityKind.Client)!;
            db.SetStatus(ActivityStatusCode.Error, "deadlock detected");
            db.AddEvent(new ActivityEvent("retry"));
        }

        Assert.True(provider.ForceFlush(10_000));

        var spans = _host.Store.Trace(traceId);
        Assert.Equal(2, spans.Count);
        var root = Assert.Single(spans, s => s.ParentSpanId is null);
        Assert.Equal(parentId, root.SpanId);
        Assert.Equal("svc-a", root.Service);
        Assert.Equal(SpanKindValue.Server, root.Kind);
        Assert.Equal("POST", root.Attribute("http.request.method"));
        Assert.Equal("2", root.Attribute("booking.quantity"));
        var child = Assert.Single(spans, s => s.ParentSpanId == parentId);
        Assert.True(child.IsError);
        Assert.Equal("deadlock detected", child.StatusMessage);
        Assert.Equal("retry", Assert.Single(child.Events).Name);
        Assert.True(child.Start >= root.Start && child.End <= root.End);

        var summary = Assert.Single(_host.Store.Traces(), t => t.TraceId == traceId);
        Assert.Equal("POST /api/v1/bookings", summary.RootName);
        Assert.Equal(2, summary.SpanCount);
        Assert.True(summary.HasError);
    }

    [Fact]
    public void Logs_over_http_protobuf_keep_level_message_attributes_and_trace()
    {
        using var source = new ActivitySource(_name);
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(_name).Build();
        string traceId;
        using (var factory = LoggerFactory.Create(b => b.AddOpenTelemetry(o =>
               {
                   o.SetResourceBuilder(Resource("svc-logs"));
                   o.IncludeFormattedMessage = true;
                   o.AddOtlpExporter(Http("v1/logs"));
               })))
        {
            var logger = factory.CreateLogger("Evently.Bookings");
            using var activity = source.StartActivity("book")!;
            traceId = activity.TraceId.ToHexString();
            logger.LogWarning("Only {Available} seats available for {EventId}", 47, "e-1");
            logger.LogDebug("not exported: below the default minimum level");
        }

        var entry = Assert.Single(_host.Store.Logs(), l => l.Service == "svc-logs");
        Assert.Equal("Warning", entry.Level);
        Assert.Equal("Only 47 seats available for e-1", entry.Message);
        Assert.Equal(traceId, entry.TraceId);
        Assert.Equal("Evently.Bookings", entry.Scope);
        Assert.Contains(entry.Attributes, a => a.Key == "Available" && a.Value == "47");
    }

    [Fact]
    public void Metrics_over_http_protobuf_keep_counters_histograms_and_gauges()
    {
        using var meter = new Meter(_name);
        var counter = meter.CreateCounter<long>("bookings.confirmed", "{booking}", "Bookings confirmed");
        var histogram = meter.CreateHistogram<double>("booking.duration", "ms");
        var gauge = 0;
        meter.CreateObservableGauge("pool.in_use", () => gauge, "{connection}");
        using var provider = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(Resource("svc-metrics")).AddMeter(_name)
            .AddOtlpExporter(Http("v1/metrics")).Build();

        counter.Add(3, new KeyValuePair<string, object?>("strategy", "atomic"));
        histogram.Record(12);
        histogram.Record(800);
        gauge = 5;
        Assert.True(provider.ForceFlush(10_000));
        counter.Add(2, new KeyValuePair<string, object?>("strategy", "atomic"));
        gauge = 7;
        Assert.True(provider.ForceFlush(10_000));

        var sum = _host.Store.Instrument(new InstrumentKey("svc-metrics", _name, "bookings.confirmed"))!;
        Assert.Equal(MetricKind.Sum, sum.Kind);
        Assert.True(sum.IsMonotonic);
        Assert.Equal("{booking}", sum.Unit);
        Assert.Equal("Bookings confirmed", sum.Description);
        Assert.Equal([3d, 5d], sum.Points.Select(p => p.Value));
        Assert.All(sum.Points, p => Assert.Equal("strategy=atomic", p.Dimensions));

        var hist = _host.Store.Instrument(new InstrumentKey("svc-metrics", _name, "booking.duration"))!;
        Assert.Equal(MetricKind.Histogram, hist.Kind);
        var last = hist.Points[^1];
        Assert.Equal(2ul, last.Count);
        Assert.Equal(812d, last.Value);
        Assert.Equal(last.Bounds!.Count + 1, last.BucketCounts!.Count);

        var g = _host.Store.Instrument(new InstrumentKey("svc-metrics", _name, "pool.in_use"))!;
        Assert.Equal(MetricKind.Gauge, g.Kind);
        Assert.Equal([5d, 7d], g.Points.Select(p => p.Value));

        var chart = MetricChart.Build(sum);
        Assert.Equal("{booking}/s", chart.YTitle);
        Assert.Single(chart.Series[0].Y); // two cumulative points make one rate
    }

    [Fact]
    public async Task Traces_over_grpc_are_decoded()
    {
        using var source = new ActivitySource(_name);
        using var provider = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(Resource("svc-grpc")).AddSource(_name)
            .AddOtlpExporter(o =>
            {
                o.Protocol = OtlpExportProtocol.Grpc;
                o.Endpoint = _host.GrpcUrl;
            }).Build();

        string traceId;
        using (var activity = source.StartActivity("over grpc")!)
        {
            traceId = activity.TraceId.ToHexString();
        }

        Assert.True(provider.ForceFlush(10_000));
        // The SDK's gRPC path can report the flush before its (retried) export lands, so wait for the span.
        await Wait.UntilAsync(() => _host.Store.Trace(traceId).Count > 0, TimeSpan.FromSeconds(30), "the gRPC-exported span");
        Assert.Equal("svc-grpc", Assert.Single(_host.Store.Trace(traceId)).Service);
    }
}
