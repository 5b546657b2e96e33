using Dapper;
using Evently.Contracts;
using Npgsql;

namespace Evently.AnalyticsService.Ingest;

/// <summary>Door check-ins: one row per ticket (a ticket is checked in once; a redelivery changes nothing).</summary>
public sealed class TicketCheckedInConsumer(NpgsqlDataSource dataSource, ILogger<TicketCheckedInConsumer> logger)
    : IdempotentConsumer<TicketCheckedIn>(dataSource, logger)
{
    protected override string Name => "analytics.ticket-checked-in";

    protected override Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<TicketCheckedIn> messages,
        CancellationToken ct)
    {
        var rows = messages.DistinctBy(m => m.TicketId).ToList();
        return connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO analytics_check_ins (ticket_id, booking_id, event_id, user_id, checked_in_by, checked_in_at)
            SELECT * FROM unnest(@ticketIds, @bookingIds, @eventIds, @userIds, @staff, @at)
            ON CONFLICT (ticket_id) DO NOTHING
            """,
            new
            {
                ticketIds = rows.Select(m => m.TicketId).ToArray(),
                bookingIds = rows.Select(m => m.BookingId).ToArray(),
                eventIds = rows.Select(m => m.EventId).ToArray(),
                userIds = rows.Select(m => m.UserId).ToArray(),
                staff = rows.Select(m => m.CheckedInBy).ToArray(),
                at = rows.Select(m => m.CheckedInAt).ToArray(),
            }, tx, cancellationToken: ct));
    }
}
