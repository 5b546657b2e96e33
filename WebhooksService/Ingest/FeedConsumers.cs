using Dapper;
using Evently.Contracts;
using MassTransit;
using Npgsql;

namespace Evently.WebhooksService.Ingest;

// One consumer per message type, each naming the webhook event it becomes. The payload's data is the message itself
// (snake_case), so a receiver sees the same fields the services exchange.

/// <summary>
/// A commit's bookings: one <c>booking.confirmed</c> per booking, with the booking's id as its own (stable across
/// redeliveries; the message's id is shared by all of them).
/// </summary>
public sealed class BookingsConfirmedConsumer(NpgsqlDataSource dataSource, ILogger<BookingsConfirmedConsumer> logger)
    : FeedConsumer<BookingsConfirmed>(dataSource, logger)
{
    protected override string Name => "webhooks.bookings-confirmed";

    protected override IEnumerable<FeedEvent> ToEvents(ConsumeContext<BookingsConfirmed> m) =>
        m.Message.Bookings.Select(b => FeedEvent.Create(b.BookingId, WebhookEventTypes.BookingConfirmed, b.OccurredAt, b, TraceParentOf(m)));
}

/// <summary>Single bookings as earlier versions published them: kept so a queue filled before an upgrade drains.</summary>
public sealed class BookingConfirmedConsumer(NpgsqlDataSource dataSource, ILogger<BookingConfirmedConsumer> logger)
    : FeedConsumer<BookingConfirmed>(dataSource, logger)
{
    protected override string Name => "webhooks.booking-confirmed";

    protected override IEnumerable<FeedEvent> ToEvents(ConsumeContext<BookingConfirmed> m) =>
        [FeedEvent.Create(MessageId(m), WebhookEventTypes.BookingConfirmed, m.Message.OccurredAt, m.Message, TraceParentOf(m))];
}

/// <summary>Only a cancelled booking is <c>booking.cancelled</c>; seats released for other reasons (holds, events) are not.</summary>
public sealed class SeatReleasedConsumer(NpgsqlDataSource dataSource, ILogger<SeatReleasedConsumer> logger)
    : FeedConsumer<SeatReleased>(dataSource, logger)
{
    protected override string Name => "webhooks.seat-released";

    protected override IEnumerable<FeedEvent> ToEvents(ConsumeContext<SeatReleased> m) =>
        m.Message.Reason == ReleaseReasons.Cancelled && m.Message.BookingId != Guid.Empty
            ? [FeedEvent.Create(MessageId(m), WebhookEventTypes.BookingCancelled, m.Message.OccurredAt, m.Message, TraceParentOf(m))]
            : [];
}

public sealed class HoldExpiredConsumer(NpgsqlDataSource dataSource, ILogger<HoldExpiredConsumer> logger)
    : FeedConsumer<HoldExpired>(dataSource, logger)
{
    protected override string Name => "webhooks.hold-expired";

    protected override IEnumerable<FeedEvent> ToEvents(ConsumeContext<HoldExpired> m) =>
        [FeedEvent.Create(MessageId(m), WebhookEventTypes.HoldExpired, m.Message.OccurredAt, m.Message, TraceParentOf(m))];
}

public sealed class WaitlistPromotedConsumer(NpgsqlDataSource dataSource, ILogger<WaitlistPromotedConsumer> logger)
    : FeedConsumer<WaitlistPromoted>(dataSource, logger)
{
    protected override string Name => "webhooks.waitlist-promoted";

    protected override IEnumerable<FeedEvent> ToEvents(ConsumeContext<WaitlistPromoted> m) =>
        [FeedEvent.Create(MessageId(m), WebhookEventTypes.WaitlistPromoted, m.Message.OccurredAt, m.Message, TraceParentOf(m))];
}

public sealed class TicketCheckedInConsumer(NpgsqlDataSource dataSource, ILogger<TicketCheckedInConsumer> logger)
    : FeedConsumer<TicketCheckedIn>(dataSource, logger)
{
    protected override string Name => "webhooks.ticket-checked-in";

    protected override IEnumerable<FeedEvent> ToEvents(ConsumeContext<TicketCheckedIn> m) =>
        [FeedEvent.Create(MessageId(m), WebhookEventTypes.TicketCheckedIn, m.Message.OccurredAt, m.Message, TraceParentOf(m))];
}

/// <summary>
/// <c>event.cancelled</c> once per event: every later change of a cancelled event repeats its status, and versions may
/// arrive out of order, so the first cancelled version to be recorded per event is the one announced.
/// </summary>
public sealed class EventChangedConsumer(NpgsqlDataSource dataSource, ILogger<EventChangedConsumer> logger)
    : FeedConsumer<EventChanged>(dataSource, logger)
{
    protected override string Name => "webhooks.event-changed";

    protected override IEnumerable<FeedEvent> ToEvents(ConsumeContext<EventChanged> m) =>
        m.Message.Status == EventStatuses.Cancelled
            ? [FeedEvent.Create(MessageId(m), WebhookEventTypes.EventCancelled, m.Message.OccurredAt, m.Message, TraceParentOf(m))]
            : [];

    protected override async Task<IReadOnlyList<FeedEvent>> KeepAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        IReadOnlyList<(ConsumeContext<EventChanged> Context, FeedEvent Event)> events, CancellationToken ct)
    {
        var kept = new List<FeedEvent>();
        // Lowest version first within the batch, so two cancelled versions arriving together announce the earlier one.
        foreach (var (context, feedEvent) in events.OrderBy(e => e.Context.Message.Version))
        {
            var first = await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO webhook_cancelled_events (event_id, version) VALUES (@EventId, @Version) ON CONFLICT DO NOTHING",
                new { context.Message.EventId, context.Message.Version }, tx, cancellationToken: ct)) == 1;
            if (first)
            {
                kept.Add(feedEvent);
            }
        }

        return kept;
    }
}
