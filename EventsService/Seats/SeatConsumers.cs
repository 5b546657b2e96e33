using Evently.Contracts;
using MassTransit;

namespace Evently.EventsService.Seats;

/// <summary>Confirmed bookings, taken in batches (see <see cref="SeatCounts.ApplySoldBatchAsync"/>).</summary>
public sealed class BookingConfirmedConsumer(SeatCounts seats) : IConsumer<Batch<BookingConfirmed>>
{
    public Task Consume(ConsumeContext<Batch<BookingConfirmed>> context) =>
        seats.ApplySoldBatchAsync(nameof(BookingConfirmedConsumer),
            context.Message.Select(c => new SeatCounts.SoldSeats(MessageIds.Of(c), c.Message.EventId, c.Message.TotalCapacity,
                c.Message.AvailableSeats, c.Message.InventoryVersion)).ToList(),
            context.CancellationToken);
}

/// <summary>Released seats (cancellations, expired holds), taken in batches like confirmations.</summary>
public sealed class SeatReleasedConsumer(SeatCounts seats) : IConsumer<Batch<SeatReleased>>
{
    public Task Consume(ConsumeContext<Batch<SeatReleased>> context) =>
        seats.ApplySoldBatchAsync(nameof(SeatReleasedConsumer),
            context.Message.Select(c => new SeatCounts.SoldSeats(MessageIds.Of(c), c.Message.EventId, c.Message.TotalCapacity,
                c.Message.AvailableSeats, c.Message.InventoryVersion)).ToList(),
            context.CancellationToken);
}

public sealed class WaitlistPromotedConsumer(SeatCounts seats) : IConsumer<WaitlistPromoted>
{
    public Task Consume(ConsumeContext<WaitlistPromoted> context)
    {
        var m = context.Message;
        return seats.ApplyAvailableAsync(nameof(WaitlistPromotedConsumer), MessageIds.Of(context), m.EventId,
            m.AvailableSeats, m.InventoryVersion, context.CancellationToken);
    }
}

internal static class MessageIds
{
    /// <summary>The outbox relay sets the message id to the outbox row's id, stable across redeliveries.</summary>
    public static Guid Of(ConsumeContext context) =>
        context.MessageId ?? throw new InvalidOperationException("Message without a MessageId cannot be consumed idempotently.");
}
