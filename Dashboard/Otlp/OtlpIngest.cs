using Evently.Dashboard.Otlp.Proto.Collector.Logs;
using Evently.Dashboard.Otlp.Proto.Collector.Metrics;
using Evently.Dashboard.Otlp.Proto.Collector.Trace;
using Evently.Dashboard.Telemetry;

namespace Evently.Dashboard.Otlp;

/// <summary>One place where OTLP export requests (HTTP or gRPC alike) become stored telemetry.</summary>
public sealed class OtlpIngest(TelemetryStore store)
{
    public ExportTraceServiceResponse Export(ExportTraceServiceRequest request)
    {
        store.AddSpans(TraceMapper.Map(request.ResourceSpans, store.Limits.MaxValueLength));
        return new ExportTraceServiceResponse();
    }

    public ExportLogsServiceResponse Export(ExportLogsServiceRequest request)
    {
        var max = store.Limits.MaxValueLength;
        store.AddLogs(LogMapper.Flatten(request.ResourceLogs), (item, sequence) => LogMapper.ToEntry(item, sequence, max));
        return new ExportLogsServiceResponse();
    }

    public ExportMetricsServiceResponse Export(ExportMetricsServiceRequest request)
    {
        var rejected = MetricMapper.Store(request.ResourceMetrics, store);
        return rejected == 0
            ? new ExportMetricsServiceResponse()
            : new ExportMetricsServiceResponse
            {
                PartialSuccess = new ExportMetricsPartialSuccess
                {
                    RejectedDataPoints = rejected,
                    ErrorMessage = $"dashboard keeps at most {store.Limits.MaxInstruments} instruments",
                },
            };
    }
}
