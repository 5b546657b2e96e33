using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Evently.Dashboard.Otlp.Proto.Collector.Metrics;
using Evently.Dashboard.Otlp.Proto.Collector.Trace;
using Evently.Dashboard.Otlp.Proto.Common;
using Evently.Dashboard.Otlp.Proto.Metrics;
using Evently.Dashboard.Otlp.Proto.Trace;
using Evently.Dashboard.Telemetry;
using Evently.Dashboard.Tests.Infrastructure;
using Google.Protobuf;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using RpcStatus = Evently.Dashboard.Otlp.Proto.Rpc.Status;

namespace Evently.Dashboard.Tests.Otlp;

/// <summary>Limits, pause/clear and the HTTP edge cases of the receiver.</summary>
public sealed class ReceiverLimitTests : IAsyncLifetime
{
    private DashboardTestHost _host = null!;
    private readonly string _name = "Evently.Limits." + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync() => _host = await DashboardTestHost.StartAsync(o =>
    {
        o.Limits.MaxSpans = 10;
        o.Limits.MaxLogRecords = 5;
        o.Limits.MaxPointsPerInstrument = 3;
        o.Limits.MaxInstruments = 2;
        o.MaxOtlpRequestBytes = 64 * 1024;
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Action<OtlpExporterOptions> Http(string signal) => o =>
    {
        o.Protocol = OtlpExportProtocol.HttpProtobuf;
        o.Endpoint = new Uri(_host.BaseUrl, signal);
    };

    [Fact]
    public async Task Span_buffer_keeps_the_newest_spans_and_drops_traces_whose_spans_are_gone()
    {
        // An ambient, unsampled parent (left by another test on this thread) would make the default
        // parent-based sampler drop every span: start from no parent and sample everything.
        Activity.Current = null;
        using var source = new ActivitySource(_name);
        using var provider = Sdk.CreateTracerProviderBuilder()
            .SetSampler(new AlwaysOnSampler())
            .AddSource(_name)
            .AddOtlpExporter(Http("v1/traces"))
            .Build();
        var names = Enumerable.Range(0, 25).Select(i => $"span-{i}").ToList();
        foreach (var n in names)
        {
            var activity = source.StartActivity(n);
            Assert.True(activity is { Recorded: true }, $"{n} was not recorded");
            activity.Dispose();
        }

        Assert.True(provider.ForceFlush(10_000));
        await Wait.UntilAsync(() => _host.Store.Spans().Any(s => s.Name == names[^1]), TimeSpan.FromSeconds(10), "the newest span");

        var kept = _host.Store.Spans();
        Assert.Equal(10, kept.Count);
        Assert.Equal(names[15..].Order(), kept.Select(s => s.Name).Order());
        Assert.Equal(10, _host.Store.Traces().Count);
    }

    [Fact]
    public void Log_buffer_keeps_the_newest_records()
    {
        using (var factory = LoggerFactory.Create(b => b.AddOpenTelemetry(o => o.AddOtlpExporter(Http("v1/logs")))))
        {
            var logger = factory.CreateLogger(_name);
            for (var i = 0; i < 12; i++)
            {
                logger.LogInformation("line {Number}", i);
            }
        }

        var logs = _host.Store.Logs();
        Assert.Equal(5, logs.Count);
        Assert.Equal(Enumerable.Range(7, 5).Select(i => $"line {i}"), logs.Select(l => l.Message));
    }

    [Fact]
    public async Task Metric_points_are_bounded_per_instrument_and_instruments_overall()
    {
        using var meter = new Meter(_name);
        var counter = meter.CreateCounter<long>("requests");
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter(_name).AddOtlpExporter(Http("v1/metrics")).Build();
        for (var i = 1; i <= 5; i++)
        {
            counter.Add(1);
            Assert.True(provider.ForceFlush(10_000));
        }

        var points = Assert.Single(_host.Store.Instruments(), i => i.Key.Name == "requests");
        Assert.Equal(3, points.PointCount);
        var snapshot = _host.Store.Instrument(points.Key)!;
        Assert.Equal([3d, 4d, 5d], snapshot.Points.Select(p => p.Value));

        // Two instruments is the limit here: a third is refused and reported as partial success.
        var request = new ExportMetricsServiceRequest();
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "hand-made" } };
        foreach (var name in new[] { "second", "third" })
        {
            var gauge = new Gauge();
            gauge.DataPoints.Add(new NumberDataPoint { AsInt = 1, TimeUnixNano = 1 });
            scope.Metrics.Add(new Evently.Dashboard.Otlp.Proto.Metrics.Metric { Name = name, Gauge = gauge });
        }

        request.ResourceMetrics.Add(new ResourceMetrics { ScopeMetrics = { scope } });
        using var client = await _host.CreateClientAsync();
        using var response = await client.PostAsync("/v1/metrics", Protobuf(request.ToByteArray()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = ExportMetricsServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, answer.PartialSuccess.RejectedDataPoints);
        Assert.Equal(2, _host.Store.InstrumentCount);
    }

    [Fact]
    public async Task Gzip_bodies_are_accepted_and_bad_requests_get_protobuf_status_errors()
    {
        using var client = await _host.CreateClientAsync();
        var request = TraceRequest("zipped");

        using var gz = new MemoryStream();
        await using (var zip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
        {
            zip.Write(request.ToByteArray());
        }

        var zipped = Protobuf(gz.ToArray());
        zipped.Headers.ContentEncoding.Add("gzip");
        using (var ok = await client.PostAsync("/v1/traces", zipped))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("application/x-protobuf", ok.Content.Headers.ContentType?.MediaType);
            ExportTraceServiceResponse.Parser.ParseFrom(await ok.Content.ReadAsByteArrayAsync());
        }

        Assert.Contains(_host.Store.Spans(), s => s.Name == "zipped");

        using var json = await client.PostAsync("/v1/traces", new StringContent("{}", null, "application/json"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);

        using var garbage = await client.PostAsync("/v1/traces", Protobuf([0xff, 0xff, 0xff, 0xff]));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Equal(400, RpcStatus.Parser.ParseFrom(await garbage.Content.ReadAsByteArrayAsync()).Code);

        var bigSpan = TraceRequest(new string('x', 100 * 1024));
        using var tooBig = await client.PostAsync("/v1/traces", Protobuf(bigSpan.ToByteArray()));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
    }

    [Fact]
    public async Task Paused_kinds_drop_new_data_and_clear_empties_them()
    {
        using var client = await _host.CreateClientAsync();
        _host.Store.SetPaused(TelemetryKind.Traces, true);
        using (var paused = await client.PostAsync("/v1/traces", Protobuf(TraceRequest("while-paused").ToByteArray())))
        {
            Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        }

        Assert.DoesNotContain(_host.Store.Spans(), s => s.Name == "while-paused");

        _host.Store.SetPaused(TelemetryKind.Traces, false);
        using (var resumed = await client.PostAsync("/v1/traces", Protobuf(TraceRequest("after-resume").ToByteArray())))
        {
            Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        }

        Assert.Contains(_host.Store.Spans(), s => s.Name == "after-resume");
        _host.Store.Clear(TelemetryKind.Traces);
        Assert.Empty(_host.Store.Spans());
        Assert.Empty(_host.Store.Traces());
    }

    private static ByteArrayContent Protobuf(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return content;
    }

    private static ExportTraceServiceRequest TraceRequest(string spanName)
    {
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
            SpanId = ByteString.CopyFrom(BitConverter.GetBytes(Random.Shared.NextInt64())),
            Name = spanName,
            StartTimeUnixNano = 1,
            EndTimeUnixNano = 2,
        };
        return new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { ScopeSpans = { new ScopeSpans { Spans = { span } } } } } };
    }
}
