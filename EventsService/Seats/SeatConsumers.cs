using Evently.Contracts;
using MassTransit;

namespace Evently.EventsService.Seats;

public sealed class BookingConfirmedConsumer(SeatCounts seats) : IConsumer<BookingConfirmed>
{
    public Task Consume(ConsumeContext<BookingConfirmed> context)
    {
        var m = context.Message;
        return seats.ApplySoldAsync(nameof(BookingConfirmedConsumer), MessageIds.Of(context), m.EventId,
            m.TotalCapacity, m.AvailableSeats, m.InventoryVersion, context.CancellationToken);
    }
}

public sealed class SeatReleasedConsumer(SeatCounts seats) : IConsumer<SeatReleased>
{
    public Task Consume(ConsumeContext<SeatReleased> context)
    {
        var m = context.Message;
        return seats.ApplySoldAsync(nameof(SeatReleasedConsumer), MessageIds.Of(context), m.EventId,
            m.TotalCapacity, m.AvailableSeats, m.InventoryVersion, context.CancellationToken);
    }
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
