using Evently.Contracts;
using MassTransit;

namespace Evently.EventsService.Seats;

/// <summary>
/// Seat messages that carry capacity and remaining seats, taken in batches (see <see cref="SeatCounts.ApplySoldBatchAsync"/>).
/// The consumer's type name is its inbox name.
/// </summary>
public abstract class SoldSeatsConsumer<T>(SeatCounts seats) : IConsumer<Batch<T>> where T : class
{
    protected abstract SeatCounts.SoldSeats Read(Guid messageId, T message);

    public Task Consume(ConsumeContext<Batch<T>> context) =>
        seats.ApplySoldBatchAsync(GetType().Name, context.Message.Select(c => Read(MessageIds.Of(c), c.Message)).ToList(),
            context.CancellationToken);
}

/// <summary>A commit's bookings of one event: its newest count is the one with the highest inventory version.</summary>
public sealed class BookingsConfirmedConsumer(SeatCounts seats) : SoldSeatsConsumer<BookingsConfirmed>(seats)
{
    protected override SeatCounts.SoldSeats Read(Guid messageId, BookingsConfirmed m)
    {
        var newest = m.Bookings.MaxBy(b => b.InventoryVersion)
            ?? throw new InvalidOperationException($"BookingsConfirmed {messageId} carries no booking.");
        return new(messageId, m.EventId, newest.TotalCapacity, newest.AvailableSeats, newest.InventoryVersion);
    }
}

/// <summary>Single bookings as earlier versions published them: kept so a queue filled before an upgrade drains.</summary>
public sealed class BookingConfirmedConsumer(SeatCounts seats) : SoldSeatsConsumer<BookingConfirmed>(seats)
{
    protected override SeatCounts.SoldSeats Read(Guid messageId, BookingConfirmed m) =>
        new(messageId, m.EventId, m.TotalCapacity, m.AvailableSeats, m.InventoryVersion);
}

/// <summary>Released seats (cancellations, expired holds).</summary>
public sealed class SeatReleasedConsumer(SeatCounts seats) : SoldSeatsConsumer<SeatReleased>(seats)
{
    protected override SeatCounts.SoldSeats Read(Guid messageId, SeatReleased m) =>
        new(messageId, m.EventId, m.TotalCapacity, m.AvailableSeats, m.InventoryVersion);
}

/// <summary>Seats taken into a buyer's checkout (a timed hold).</summary>
public sealed class SeatsHeldConsumer(SeatCounts seats) : SoldSeatsConsumer<SeatsHeld>(seats)
{
    protected override SeatCounts.SoldSeats Read(Guid messageId, SeatsHeld m) =>
        new(messageId, m.EventId, m.TotalCapacity, m.AvailableSeats, m.InventoryVersion);
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
