using System.Text.Json;
using Evently.ServiceDefaults;

namespace Evently.WebhooksService.Ingest;

/// <summary>
/// One consumed message turned into a webhook event: its type and the payload every subscribed endpoint receives, in
/// the Standard Webhooks shape <c>{type, timestamp, data}</c> with snake_case data (the message's own fields).
/// </summary>
public sealed record FeedEvent(Guid MessageId, string Type, string Payload, string? TraceParent)
{
    public static FeedEvent Create<T>(Guid messageId, string type, DateTimeOffset timestamp, T data, string? traceParent) where T : class =>
        new(messageId, type, JsonSerializer.Serialize(new Envelope<T>(type, timestamp.ToUniversalTime(), data), EventlyJson.Options), traceParent);

    private sealed record Envelope<T>(string Type, DateTimeOffset Timestamp, T Data);
}
