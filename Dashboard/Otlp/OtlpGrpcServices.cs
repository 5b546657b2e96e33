using Evently.Dashboard.Otlp.Proto.Collector.Logs;
using Evently.Dashboard.Otlp.Proto.Collector.Metrics;
using Evently.Dashboard.Otlp.Proto.Collector.Trace;
using Grpc.Core;

namespace Evently.Dashboard.Otlp;

// OTLP/gRPC: served only on an endpoint that speaks HTTP/2 (cleartext HTTP/2 cannot share a port with HTTP/1.1).

internal sealed class OtlpTraceGrpcService(OtlpIngest ingest, DashboardOptions options) : TraceService.TraceServiceBase
{
    public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        OtlpGrpcAuth.Check(options, context);
        return Task.FromResult(ingest.Export(request));
    }
}

internal sealed class OtlpLogsGrpcService(OtlpIngest ingest, DashboardOptions options) : LogsService.LogsServiceBase
{
    public override Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
    {
        OtlpGrpcAuth.Check(options, context);
        return Task.FromResult(ingest.Export(request));
    }
}

internal sealed class OtlpMetricsGrpcService(OtlpIngest ingest, DashboardOptions options) : MetricsService.MetricsServiceBase
{
    public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
    {
        OtlpGrpcAuth.Check(options, context);
        return Task.FromResult(ingest.Export(request));
    }
}

internal static class OtlpGrpcAuth
{
    public static void Check(DashboardOptions options, ServerCallContext context)
    {
        if (!OtlpApiKey.IsAllowed(options, context.RequestHeaders.GetValue(OtlpApiKey.HeaderName)))
        {
            throw new RpcException(new Grpc.Core.Status(StatusCode.Unauthenticated, $"missing or wrong {OtlpApiKey.HeaderName} header"));
        }
    }
}
