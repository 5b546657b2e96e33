using System.IO.Compression;
using Evently.Dashboard.Otlp.Proto.Collector.Logs;
using Evently.Dashboard.Otlp.Proto.Collector.Metrics;
using Evently.Dashboard.Otlp.Proto.Collector.Trace;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RpcStatus = Evently.Dashboard.Otlp.Proto.Rpc.Status;

namespace Evently.Dashboard.Otlp;

/// <summary>
/// OTLP/HTTP with binary protobuf bodies (what the SDKs send for <c>http/protobuf</c>), optionally gzip-compressed.
/// Errors answer with a protobuf <c>google.rpc.Status</c> as the OTLP specification asks.
/// </summary>
internal static class OtlpHttpEndpoints
{
    public const string ProtobufContentType = "application/x-protobuf";

    public static RouteGroupBuilder MapOtlpHttp(this IEndpointRouteBuilder routes, long maxRequestBytes)
    {
        var group = routes.MapGroup("/v1");
        group.MapPost("/traces", ctx => HandleAsync(ctx, ExportTraceServiceRequest.Parser, maxRequestBytes,
            (OtlpIngest ingest, ExportTraceServiceRequest r) => ingest.Export(r)));
        group.MapPost("/logs", ctx => HandleAsync(ctx, ExportLogsServiceRequest.Parser, maxRequestBytes,
            (OtlpIngest ingest, ExportLogsServiceRequest r) => ingest.Export(r)));
        group.MapPost("/metrics", ctx => HandleAsync(ctx, ExportMetricsServiceRequest.Parser, maxRequestBytes,
            (OtlpIngest ingest, ExportMetricsServiceRequest r) => ingest.Export(r)));
        return group;
    }

    private static async Task HandleAsync<TRequest>(HttpContext ctx, MessageParser<TRequest> parser, long maxBytes,
        Func<OtlpIngest, TRequest, IMessage> export) where TRequest : IMessage<TRequest>
    {
        var options = ctx.RequestServices.GetRequiredService<DashboardOptions>();
        if (!OtlpApiKey.IsAllowed(options, ctx.Request.Headers[OtlpApiKey.HeaderName]))
        {
            await ErrorAsync(ctx, StatusCodes.Status401Unauthorized, $"missing or wrong {OtlpApiKey.HeaderName} header");
            return;
        }

        var contentType = ctx.Request.ContentType ?? "";
        if (!contentType.StartsWith(ProtobufContentType, StringComparison.OrdinalIgnoreCase))
        {
            await ErrorAsync(ctx, StatusCodes.Status415UnsupportedMediaType, $"only {ProtobufContentType} is supported");
            return;
        }

        var encoding = ctx.Request.Headers.ContentEncoding.ToString();
        var gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            await ErrorAsync(ctx, StatusCodes.Status415UnsupportedMediaType, $"unsupported content-encoding '{encoding}'");
            return;
        }

        TRequest request;
        try
        {
            var body = await ReadBodyAsync(ctx.Request.Body, gzip, maxBytes, ctx.RequestAborted);
            if (body is null)
            {
                await ErrorAsync(ctx, StatusCodes.Status413PayloadTooLarge, $"request larger than {maxBytes} bytes");
                return;
            }

            request = parser.ParseFrom(body.GetBuffer(), 0, (int)body.Length);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidDataException)
        {
            await ErrorAsync(ctx, StatusCodes.Status400BadRequest, "malformed OTLP request: " + e.Message);
            return;
        }

        var response = export(ctx.RequestServices.GetRequiredService<OtlpIngest>(), request);
        ctx.Response.ContentType = ProtobufContentType;
        await ctx.Response.Body.WriteAsync(response.ToByteArray(), ctx.RequestAborted);
    }

    /// <summary>Reads the (decompressed) body, or null once it exceeds <paramref name="maxBytes"/>: a gzip bomb stops early.</summary>
    private static async Task<MemoryStream?> ReadBodyAsync(Stream body, bool gzip, long maxBytes, CancellationToken ct)
    {
        await using var gz = gzip ? new GZipStream(body, CompressionMode.Decompress, leaveOpen: true) : null;
        var source = gz ?? body;
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer;
    }

    private static async Task ErrorAsync(HttpContext ctx, int status, string message)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = ProtobufContentType;
        await ctx.Response.Body.WriteAsync(new RpcStatus { Code = status, Message = message }.ToByteArray(), ctx.RequestAborted);
    }
}
