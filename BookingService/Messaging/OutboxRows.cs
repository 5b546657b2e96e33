using System.Text.Json;
using Evently.Messaging;
using Evently.ServiceDefaults;

namespace Evently.BookingService.Messaging;

/// <summary>
/// Outbox rows for the shared <c>outbox_messages</c> table (ServiceDefaults' relay publishes them), each with the
/// trace parent of the request it belongs to: a group-committed transaction carries many requests, and each
/// booking's messages must continue that booking's own trace. A message that stands for several requests (a group
/// commit's <c>BookingsConfirmed</c>) continues the first one's trace and links the others'.
/// </summary>
public sealed class OutboxRows
{
    public List<Guid> Ids { get; } = [];
    public List<string> Types { get; } = [];
    public List<string> Payloads { get; } = [];
    public List<string?> TraceParents { get; } = [];
    public List<string?> TraceLinks { get; } = [];

    public int Count => Ids.Count;

    public void Add<T>(T message, string? traceParent) where T : class => Add(message, [traceParent]);

    /// <param name="traceParents">The requests the message stands for: it continues the first's trace and links the rest.</param>
    public void Add<T>(T message, IReadOnlyList<string?> traceParents) where T : class
    {
        Ids.Add(Guid.CreateVersion7());
        Types.Add(typeof(T).FullName!);
        Payloads.Add(JsonSerializer.Serialize(message, EventlyJson.Options));
        TraceParents.Add(traceParents.Count > 0 ? traceParents[0] : null);
        TraceLinks.Add(Outbox.JoinTraceLinks(traceParents.Skip(1)));
    }

    /// <summary>SQL that inserts the rows bound by <see cref="Parameters"/> and wakes the relay; append to a command.</summary>
    public const string InsertSql =
        $"""
        INSERT INTO outbox_messages (message_id, message_type, payload, trace_parent, trace_links)
        SELECT * FROM unnest(@outbox_ids::uuid[], @outbox_types::text[], @outbox_payloads::jsonb[], @outbox_traces::text[],
                             @outbox_links::text[]);
        NOTIFY {Outbox.Channel};
        """;

    public object Parameters => new
    {
        outbox_ids = Ids.ToArray(),
        outbox_types = Types.ToArray(),
        outbox_payloads = Payloads.ToArray(),
        outbox_traces = TraceParents.ToArray(),
        outbox_links = TraceLinks.ToArray(),
    };
}
