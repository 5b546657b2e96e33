using Dapper;
using Evently.BookingService.Messaging;
using Evently.BookingService.Sharding;
using Evently.BookingService.Tickets;
using Evently.Contracts;
using Npgsql;

namespace Evently.BookingService.Bookings;

/// <summary>
/// Inserts confirmed bookings, their tickets (one per seat) and their messages (a BookingsConfirmed per event, plus
/// WaitlistEntryBooked for a waitlist promotion) in one round trip
/// (multi-row unnest), inside the transaction that took the seats. Every strategy ends here, for one booking or a whole
/// group commit.
/// </summary>
public static class BookingWrites
{
    private const string InsertBookingsSql =
        """
        INSERT INTO bookings (id, event_id, user_id, quantity, status, idempotency_key, request_hash, unit_price,
                              available_seats_remaining, waitlist_entry_id, created_at)
        SELECT id, event_id, user_id, quantity, 'confirmed', key, hash, price, remaining, waitlist, created
        FROM unnest(@ids::uuid[], @event_ids::uuid[], @user_ids::uuid[], @quantities::int[], @keys::text[], @hashes::text[],
                    @prices::numeric[], @remaining::int[], @waitlist::uuid[], @created::timestamptz[])
             AS t(id, event_id, user_id, quantity, key, hash, price, remaining, waitlist, created);
        INSERT INTO tickets (id, booking_id, event_id, user_id, seq, code)
        SELECT * FROM unnest(@ticket_ids::uuid[], @ticket_bookings::uuid[], @ticket_events::uuid[], @ticket_users::uuid[],
                             @ticket_seqs::int[], @ticket_codes::text[]);
        """;

    public static Task InsertConfirmedAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<NewBooking> bookings,
        CancellationToken ct) =>
        bookings.Count == 0 ? Task.CompletedTask : connection.ExecuteAsync(InsertConfirmedCommand(tx, bookings, ct: ct));

    /// <param name="prefixSql">Optional statement sent in the same round trip before the inserts (with its parameters).</param>
    public static CommandDefinition InsertConfirmedCommand(NpgsqlTransaction tx, IReadOnlyList<NewBooking> bookings,
        string? prefixSql = null, object? prefixParameters = null, CancellationToken ct = default)
    {
        var outbox = new OutboxRows();
        // One BookingsConfirmed per event, not a message per booking: an on-sale's group commit confirms hundreds at once.
        foreach (var ofEvent in bookings.GroupBy(b => b.EventId))
        {
            outbox.Add(new BookingsConfirmed(ofEvent.Key, ofEvent.Select(Confirmed).ToList()), ofEvent.Select(b => b.TraceParent).ToList());
        }

        foreach (var b in bookings)
        {
            if (b.WaitlistEntryId is { } entryId)
            {
                outbox.Add(new WaitlistEntryBooked(entryId, b.Id, b.EventId, b.UserId, b.Quantity, b.AvailableSeatsRemaining,
                    b.InventoryVersion, new DateTimeOffset(b.CreatedAt, TimeSpan.Zero)), b.TraceParent);
            }
        }

        var ticketCount = bookings.Sum(b => b.Quantity);
        var (ticketIds, ticketBookings, ticketEvents, ticketUsers, ticketSeqs, ticketCodes) =
            (new Guid[ticketCount], new Guid[ticketCount], new Guid[ticketCount], new Guid[ticketCount], new int[ticketCount], new string[ticketCount]);
        var t = 0;
        foreach (var b in bookings)
        {
            // The booking id names its shard, which is where its tickets live.
            var shard = BookingIds.ShardOf(b.Id);
            for (var seq = 1; seq <= b.Quantity; seq++, t++)
            {
                (ticketIds[t], ticketBookings[t], ticketEvents[t], ticketUsers[t], ticketSeqs[t], ticketCodes[t]) =
                    (Guid.CreateVersion7(), b.Id, b.EventId, b.UserId, seq, TicketCodes.New(shard));
            }
        }

        var parameters = new DynamicParameters(new
        {
            ids = bookings.Select(b => b.Id).ToArray(),
            event_ids = bookings.Select(b => b.EventId).ToArray(),
            user_ids = bookings.Select(b => b.UserId).ToArray(),
            quantities = bookings.Select(b => b.Quantity).ToArray(),
            keys = bookings.Select(b => b.IdempotencyKey).ToArray(),
            hashes = bookings.Select(b => b.RequestHash).ToArray(),
            prices = bookings.Select(b => b.UnitPrice).ToArray(),
            remaining = bookings.Select(b => b.AvailableSeatsRemaining).ToArray(),
            waitlist = bookings.Select(b => b.WaitlistEntryId).ToArray(),
            created = bookings.Select(b => b.CreatedAt).ToArray(),
            ticket_ids = ticketIds,
            ticket_bookings = ticketBookings,
            ticket_events = ticketEvents,
            ticket_users = ticketUsers,
            ticket_seqs = ticketSeqs,
            ticket_codes = ticketCodes,
        });
        parameters.AddDynamicParams(outbox.Parameters);
        if (prefixParameters is not null)
        {
            parameters.AddDynamicParams(prefixParameters);
        }

        return new CommandDefinition(prefixSql + InsertBookingsSql + OutboxRows.InsertSql, parameters, tx, cancellationToken: ct);
    }

    private static BookingConfirmed Confirmed(NewBooking b) =>
        new(b.Id, b.EventId, b.UserId, b.Quantity, b.UnitPrice, b.Currency, b.AvailableSeatsRemaining, b.TotalCapacity,
            b.InventoryVersion, b.WaitlistEntryId, new DateTimeOffset(b.CreatedAt, TimeSpan.Zero));
}
