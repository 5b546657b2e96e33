using Dapper;
using Evently.Contracts;
using Evently.Messaging;
using Evently.WaitlistService.Entries;
using MassTransit;
using Npgsql;

namespace Evently.WaitlistService.Promotion;

/// <summary>
/// The booking service booked released seats for a waitlist entry (BookingConfirmed with a WaitlistEntryId): the entry
/// turns <c>booked</c> with the booking id and WaitlistPromoted goes out, in one transaction with the inbox record.
/// The booking is the truth: an entry its user left just before the promotion still turns booked (the user can cancel).
/// Taken in batches: during an on-sale nearly every confirmation is an ordinary booking this service skips, and a batch
/// skips them for a fraction of the per-message cost.
/// </summary>
public sealed class BookingConfirmedConsumer(NpgsqlDataSource dataSource, ILogger<BookingConfirmedConsumer> logger) : IConsumer<Batch<BookingConfirmed>>
{
    private const string Name = "waitlist.booking-confirmed";

    public async Task Consume(ConsumeContext<Batch<BookingConfirmed>> context)
    {
        foreach (var item in context.Message)
        {
            if (item.Message.WaitlistEntryId is { } entryId)
            {
                await PromoteAsync(item.Message, entryId, item.MessageId!.Value, context.CancellationToken);
            }
        }
    }

    private async Task PromoteAsync(BookingConfirmed m, Guid entryId, Guid messageId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (!await Inbox.TryRecordAsync(connection, tx, Name, messageId, ct))
        {
            return;
        }

        var entry = await connection.QuerySingleOrDefaultAsync<WaitlistEntry>(new CommandDefinition(
            $"""
            UPDATE waitlist_entries SET status = 'booked', booking_id = @BookingId, updated_at = now()
            WHERE id = @entryId AND booking_id IS NULL
            RETURNING {WaitlistEntry.Columns}
            """, new { m.BookingId, entryId }, tx, cancellationToken: ct));
        if (entry is null)
        {
            logger.LogWarning("Booking {BookingId} names waitlist entry {EntryId}, which is unknown or already booked", m.BookingId, entryId);
        }
        else
        {
            await Outbox.EnqueueAsync(connection, tx, new WaitlistPromoted(entry.Id, entry.EventId, entry.UserId, m.BookingId,
                m.Quantity, m.AvailableSeats, m.InventoryVersion, m.OccurredAt), ct);
        }

        await tx.CommitAsync(ct);
    }
}
