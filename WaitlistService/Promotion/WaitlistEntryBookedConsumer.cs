using Dapper;
using Evently.Contracts;
using Evently.Messaging;
using Evently.WaitlistService.Entries;
using MassTransit;
using Npgsql;

namespace Evently.WaitlistService.Promotion;

/// <summary>
/// The booking service booked released seats for a waitlist entry: the entry turns <c>booked</c> with the booking id and
/// WaitlistPromoted goes out, in one transaction with the inbox record. The booking is the truth: an entry its user left
/// just before the promotion still turns booked (the user can cancel). An entry already booked (the same promotion
/// delivered again, or announced earlier by a BookingConfirmed) changes nothing.
/// </summary>
public sealed class WaitlistEntryBookedConsumer(NpgsqlDataSource dataSource, ILogger<WaitlistEntryBookedConsumer> logger)
    : IConsumer<WaitlistEntryBooked>
{
    public Task Consume(ConsumeContext<WaitlistEntryBooked> context)
    {
        var m = context.Message;
        return Promotions.BookAsync(dataSource, logger, "waitlist.entry-booked", context.MessageId!.Value,
            new Promotions.Booked(m.EntryId, m.BookingId, m.Quantity, m.AvailableSeats, m.InventoryVersion, m.OccurredAt), context.CancellationToken);
    }
}

/// <summary>
/// BookingConfirmed, as the waitlist took it before promotions had a message of their own: kept only to drain what an
/// older booking service left in this queue (its binding is removed at start-up, see <see cref="LegacyBindings"/>).
/// </summary>
public sealed class BookingConfirmedConsumer(NpgsqlDataSource dataSource, ILogger<BookingConfirmedConsumer> logger) : IConsumer<Batch<BookingConfirmed>>
{
    public async Task Consume(ConsumeContext<Batch<BookingConfirmed>> context)
    {
        foreach (var item in context.Message)
        {
            if (item.Message is { WaitlistEntryId: { } entryId } m)
            {
                await Promotions.BookAsync(dataSource, logger, "waitlist.booking-confirmed", item.MessageId!.Value,
                    new Promotions.Booked(entryId, m.BookingId, m.Quantity, m.AvailableSeats, m.InventoryVersion, m.OccurredAt), context.CancellationToken);
            }
        }
    }
}

internal static class Promotions
{
    public sealed record Booked(Guid EntryId, Guid BookingId, int Quantity, int AvailableSeats, long InventoryVersion, DateTimeOffset OccurredAt);

    public static async Task BookAsync(NpgsqlDataSource dataSource, ILogger logger, string consumer, Guid messageId, Booked m, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (!await Inbox.TryRecordAsync(connection, tx, consumer, messageId, ct))
        {
            return;
        }

        var entry = await connection.QuerySingleOrDefaultAsync<WaitlistEntry>(new CommandDefinition(
            $"""
            UPDATE waitlist_entries SET status = 'booked', booking_id = @BookingId, updated_at = now()
            WHERE id = @EntryId AND booking_id IS NULL
            RETURNING {WaitlistEntry.Columns}
            """, new { m.BookingId, m.EntryId }, tx, cancellationToken: ct));
        if (entry is null)
        {
            logger.LogWarning("Booking {BookingId} names waitlist entry {EntryId}, which is unknown or already booked", m.BookingId, m.EntryId);
        }
        else
        {
            await Outbox.EnqueueAsync(connection, tx, new WaitlistPromoted(entry.Id, entry.EventId, entry.UserId, m.BookingId,
                m.Quantity, m.AvailableSeats, m.InventoryVersion, m.OccurredAt), ct);
        }

        await tx.CommitAsync(ct);
    }
}
