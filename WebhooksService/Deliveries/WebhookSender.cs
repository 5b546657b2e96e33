using System.Diagnostics;
using System.Globalization;
using System.Text;
using Evently.WebhooksService.Security;
using Microsoft.Extensions.Options;
using StandardWebhooks;

namespace Evently.WebhooksService.Deliveries;

/// <summary>
/// One signed HTTP attempt (Standard Webhooks: <c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>),
/// with a hard timeout and a bounded read of the answer. Never throws for the receiver's faults: they are the result.
/// </summary>
public sealed class WebhookSender(GuardedHttpClient http, IOptions<WebhookOptions> options, TimeProvider clock)
{
    private const int ErrorExcerptChars = 200;
    private readonly WebhookOptions _options = options.Value;

    public async Task<AttemptResult> SendAsync(ClaimedDelivery delivery, CancellationToken stopping)
    {
        // The attempt belongs to the trace of the message it announces (the booking's), not to the dispatcher loop.
        ActivityContext.TryParse(delivery.TraceParent, null, out var parent);
        using var activity = WebhookTelemetry.Source.StartActivity($"webhook {delivery.EventType}", ActivityKind.Producer, parent);
        activity?.SetTag("webhook.id", delivery.WebhookId);
        activity?.SetTag("webhook.endpoint_id", delivery.EndpointId.ToString());
        activity?.SetTag("webhook.attempt", delivery.Attempt);
        activity?.SetTag("webhook.event_type", delivery.EventType);

        var attemptedAt = clock.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        int? statusCode = null;
        string? error;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            timeout.CancelAfter(_options.RequestTimeout);
            using var request = Sign(delivery, attemptedAt);
            using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            statusCode = (int)response.StatusCode;
            var excerpt = await ReadLimitedAsync(response, timeout.Token);
            error = statusCode is >= 200 and < 300 ? null
                : statusCode is >= 300 and < 400 ? $"HTTP {statusCode}: redirects are not followed"
                : $"HTTP {statusCode}" + (excerpt.Length > 0 ? $": {excerpt}" : "");
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            error = $"Timed out after {_options.RequestTimeout.TotalSeconds:0.#} s";
        }
        catch (HttpRequestException e)
        {
            error = e.InnerException is { } inner && !e.Message.Contains(inner.Message, StringComparison.Ordinal)
                ? $"{e.Message} ({inner.Message})"
                : e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever else went wrong is this attempt's failure, recorded and retried like any other.
            error = e.Message;
        }

        var latency = stopwatch.Elapsed.TotalMilliseconds;
        var succeeded = error is null;
        var outcome = succeeded ? "succeeded" : "failed";
        WebhookTelemetry.Attempts.Add(1, new("outcome", outcome), new("event_type", delivery.EventType));
        WebhookTelemetry.Latency.Record(latency, new KeyValuePair<string, object?>("outcome", outcome));
        activity?.SetTag("http.response.status_code", statusCode);
        activity?.SetStatus(succeeded ? ActivityStatusCode.Ok : ActivityStatusCode.Error, error);
        return new AttemptResult(attemptedAt, succeeded, statusCode, latency, error);
    }

    private static HttpRequestMessage Sign(ClaimedDelivery delivery, DateTimeOffset timestamp)
    {
        // The library signs "{id}.{timestamp}.{body}" with the endpoint's whsec_ secret, exactly as receivers verify it.
        var signature = new StandardWebhook(delivery.Secret).Sign(delivery.WebhookId, timestamp, delivery.Payload);
        var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("webhook-id", delivery.WebhookId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", signature);
        request.Headers.UserAgent.ParseAdd("Evently-Webhooks/1.0");
        return request;
    }

    /// <summary>Reads at most <see cref="WebhookOptions.MaxResponseBytes"/> of the answer: a receiver cannot make us buffer a huge body.</summary>
    private async Task<string> ReadLimitedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var buffer = new byte[Math.Max(0, _options.MaxResponseBytes)];
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), ct) is var n and > 0)
        {
            read += n;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, read).ReplaceLineEndings(" ").Trim();
        return text.Length > ErrorExcerptChars ? text[..ErrorExcerptChars] + "…" : text;
    }
}
