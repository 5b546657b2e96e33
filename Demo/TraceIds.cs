using System.Diagnostics;

namespace Evently.Demo;

/// <summary>
/// Starts a W3C trace for each request the demo sends (a <c>traceparent</c> header the gateway continues), so every
/// step can name the trace of what it asked, also when the answer was a 200 whose content failed a check, which
/// carries no problem body with a <c>trace_id</c>. The trace is sampled, so the dashboard keeps it.
/// </summary>
public sealed class TraceIds : DelegatingHandler
{
    private string? _last;

    /// <summary>The trace id of the request sent last.</summary>
    public string? Last => Volatile.Read(ref _last);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Headers.Contains("traceparent"))
        {
            var traceId = ActivityTraceId.CreateRandom().ToHexString();
            request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            Volatile.Write(ref _last, traceId);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
