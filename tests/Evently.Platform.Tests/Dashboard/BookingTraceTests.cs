using Evently.Platform.Tests.Dashboard.Support;
using Evently.Testing;

namespace Evently.Platform.Tests.Dashboard;

/// <summary>
/// DESIGN.md §5: one booking is one trace in the dashboard, gateway → booking → Postgres → outbox → RabbitMQ → the
/// consumers of BookingsConfirmed (events, analytics, webhooks), every span parented (the outbox row keeps the request's
/// traceparent).
/// </summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class BookingTraceTests(PlatformFixture fixture)
{
    // The waitlist takes only promotions (WaitlistEntryBooked), not every confirmation.
    private static readonly string[] Consumers = ["events", "analytics", "webhooks"];
    private readonly EventlySystem _system = fixture.System;

    [Fact]
    public async Task One_booking_is_one_parented_trace_from_the_gateway_through_rabbitmq_to_every_consumer()
    {
        var booking = await BookingFlow.BookAsync(_system);
        using var api = await TelemetryApi.ConnectAsync(_system);

        // Export is batched per service and the consumers run only after the outbox relay published, so wait until
        // the gateway's request and every consumer have a span and no span's parent is still missing (parents end, and
        // are exported, last; the gateway's may come after every consumer's).
        var spans = await Eventually.UntilAsync(() => api.TraceAsync(booking.TraceId),
            s => s.Any(x => x is { Service: "gateway", Kind: SpanKind.Server })
                && Consumers.All(c => s.Any(x => x.Service == c && x.Kind == SpanKind.Consumer)) && Orphans(s).Count() == 1,
            TimeSpan.FromSeconds(90), $"trace {booking.TraceId} complete");
        var describe = string.Join("\n", spans);

        Assert.All(spans, s => Assert.Equal(booking.TraceId, s.TraceId));
        Assert.Superset(new HashSet<string>(["gateway", "booking", .. Consumers]), spans.Select(s => s.Service).ToHashSet());

        // The only span without a parent in the trace is the gateway's request, child of the caller the test played.
        var root = Assert.Single(Orphans(spans));
        Assert.True(root is { Service: "gateway", Kind: SpanKind.Server }, describe);
        Assert.Equal(booking.CallerSpanId, root.ParentSpanId);

        // The relay publishes from a background loop, yet its span continues the request's trace through the outbox row.
        var relay = Assert.Single(spans, s => s.Service == "booking" && s.Scope == "Evently.Outbox");
        var send = Assert.Single(spans, s => s is { Service: "booking", Scope: "MassTransit", Kind: SpanKind.Producer });
        Assert.Equal(relay.SpanId, send.ParentSpanId);
        Assert.Equal("rabbitmq", send.Attributes.GetValueOrDefault("messaging.system"));
        Assert.Equal(root, Root(spans, relay));

        foreach (var consumer in Consumers)
        {
            // Parented to the send span (not only linked): each consumer's work hangs under the booking request.
            var receive = Assert.Single(spans, s => s is { Scope: "MassTransit", Kind: SpanKind.Consumer } && s.Service == consumer
                && s.Attributes.GetValueOrDefault("messaging.operation") == "receive");
            Assert.True(receive.ParentSpanId == send.SpanId, $"{consumer} receive is not a child of the send span:\n{describe}");
            Assert.Equal(root, Root(spans, receive));
        }

        // Postgres calls show under the booking's group commit and under the consumers that write their databases.
        foreach (var service in new[] { "booking", "events", "analytics" })
        {
            Assert.True(spans.Any(s => s.Service == service && s.Scope == "Npgsql" && s.Kind == SpanKind.Client),
                $"no Npgsql span of {service}:\n{describe}");
        }
    }

    /// <summary>Spans whose parent is not in the trace.</summary>
    private static IEnumerable<TelemetrySpan> Orphans(IReadOnlyList<TelemetrySpan> spans)
    {
        var ids = spans.Select(s => s.SpanId).ToHashSet();
        return spans.Where(s => !ids.Contains(s.ParentSpanId));
    }

    private static TelemetrySpan Root(IReadOnlyList<TelemetrySpan> spans, TelemetrySpan span)
    {
        var byId = spans.ToDictionary(s => s.SpanId);
        while (byId.TryGetValue(span.ParentSpanId, out var parent))
        {
            span = parent;
        }

        return span;
    }
}
