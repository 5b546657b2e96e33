using Dapper;
using Npgsql;

namespace Evently.AnalyticsService.Reports;

/// <summary>The aggregates behind <c>GET /api/v1/analytics</c>, all from analytics' own tables.</summary>
public sealed class AnalyticsQueries(NpgsqlDataSource dataSource)
{
    public const int EventRowsLimit = 200;
    public const int TopEventsLimit = 10;

    public sealed record TotalsRow(long Bookings, long TotalBookings, long SeatsSold, long Cancellations, long CancelledSeats, long WaitlistBookings,
        long CheckedIn);

    public sealed record RevenueRow(string Currency, decimal Revenue);

    public sealed record EventRow(Guid EventId, string? Name, string? Status, DateTime? StartsAt, int? TotalCapacity,
        int? AvailableSeats, long Bookings, long SeatsSold, long Cancellations, long WaitlistLength, long CheckedIn);

    /// <summary>One event's door figures: tickets sold (one per seat of a live booking) and tickets checked in.</summary>
    public sealed record CheckInRow(Guid EventId, string? Name, DateTime? StartsAt, long TicketsSold, long CheckedIn);

    public sealed record HourRow(DateTime Hour, long Bookings, long Seats);

    public sealed record WaitlistRow(long Joined, long Waiting, long Promoted, long Left);

    public sealed record Snapshot(TotalsRow Totals, IReadOnlyList<RevenueRow> Revenue, IReadOnlyList<EventRow> Events,
        IReadOnlyList<EventRow> TopEvents, IReadOnlyList<HourRow> BookingsPerHour, WaitlistRow Waitlist, long EventCount);

    // One booking is "confirmed" while it has a confirmation and no cancellation; cancellations count only booked seats
    // that were released (an expired waitlist hold has no booking and is not a cancellation).
    private const string Sql =
        """
        SELECT count(*) FILTER (WHERE confirmed_at IS NOT NULL AND cancelled_at IS NULL) AS Bookings,
               count(*) FILTER (WHERE confirmed_at IS NOT NULL) AS TotalBookings,
               coalesce(sum(quantity) FILTER (WHERE confirmed_at IS NOT NULL AND cancelled_at IS NULL), 0) AS SeatsSold,
               count(*) FILTER (WHERE cancelled_at IS NOT NULL) AS Cancellations,
               coalesce(sum(quantity) FILTER (WHERE cancelled_at IS NOT NULL), 0) AS CancelledSeats,
               count(*) FILTER (WHERE confirmed_at IS NOT NULL AND waitlist_entry_id IS NOT NULL) AS WaitlistBookings,
               (SELECT count(*) FROM analytics_check_ins) AS CheckedIn
        FROM analytics_bookings;

        SELECT currency AS Currency, sum(quantity * unit_price) AS Revenue
        FROM analytics_bookings
        WHERE confirmed_at IS NOT NULL AND cancelled_at IS NULL
        GROUP BY currency ORDER BY currency;

        WITH per_event AS (
            SELECT event_id,
                   count(*) FILTER (WHERE confirmed_at IS NOT NULL AND cancelled_at IS NULL) AS bookings,
                   coalesce(sum(quantity) FILTER (WHERE confirmed_at IS NOT NULL AND cancelled_at IS NULL), 0) AS seats_sold,
                   count(*) FILTER (WHERE cancelled_at IS NOT NULL) AS cancellations
            FROM analytics_bookings GROUP BY event_id
        ), waiting AS (
            SELECT event_id, count(*) AS waitlist_length FROM analytics_waitlist
            WHERE joined_at IS NOT NULL AND left_at IS NULL AND promoted_at IS NULL GROUP BY event_id
        ), checked_in AS (
            SELECT event_id, count(*) AS checked_in FROM analytics_check_ins GROUP BY event_id
        ), ids AS (
            SELECT event_id FROM analytics_events UNION SELECT event_id FROM per_event UNION SELECT event_id FROM waiting
        )
        SELECT ids.event_id AS EventId, e.name AS Name, e.status AS Status, e.starts_at AS StartsAt,
               coalesce(i.total_capacity, e.total_capacity) AS TotalCapacity, i.available_seats AS AvailableSeats,
               coalesce(p.bookings, 0) AS Bookings, coalesce(p.seats_sold, 0) AS SeatsSold,
               coalesce(p.cancellations, 0) AS Cancellations, coalesce(w.waitlist_length, 0) AS WaitlistLength,
               coalesce(c.checked_in, 0) AS CheckedIn
        INTO TEMP report_events
        FROM ids
        LEFT JOIN analytics_events e ON e.event_id = ids.event_id
        LEFT JOIN analytics_inventory i ON i.event_id = ids.event_id
        LEFT JOIN per_event p ON p.event_id = ids.event_id
        LEFT JOIN waiting w ON w.event_id = ids.event_id
        LEFT JOIN checked_in c ON c.event_id = ids.event_id;

        SELECT * FROM report_events ORDER BY StartsAt DESC NULLS LAST, EventId LIMIT @EventRowsLimit;
        SELECT * FROM report_events WHERE SeatsSold > 0 ORDER BY SeatsSold DESC, EventId LIMIT @TopEventsLimit;
        SELECT count(*) FROM report_events;

        SELECT date_trunc('hour', confirmed_at) AS Hour, count(*) AS Bookings, sum(quantity) AS Seats
        FROM analytics_bookings
        WHERE confirmed_at >= date_trunc('hour', now()) - interval '23 hours'
        GROUP BY 1 ORDER BY 1;

        SELECT count(*) FILTER (WHERE joined_at IS NOT NULL) AS Joined,
               count(*) FILTER (WHERE joined_at IS NOT NULL AND left_at IS NULL AND promoted_at IS NULL) AS Waiting,
               count(*) FILTER (WHERE promoted_at IS NOT NULL) AS Promoted,
               count(*) FILTER (WHERE left_at IS NOT NULL AND promoted_at IS NULL) AS Left
        FROM analytics_waitlist;
        """;

    public async Task<Snapshot> ReadAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // One snapshot for every figure, so totals and per-event rows agree with each other.
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        await using var grid = await connection.QueryMultipleAsync(new CommandDefinition(Sql,
            new { EventRowsLimit, TopEventsLimit }, tx, cancellationToken: ct));
        var totals = await grid.ReadSingleAsync<TotalsRow>();
        var revenue = (await grid.ReadAsync<RevenueRow>()).ToList();
        var events = (await grid.ReadAsync<EventRow>()).ToList();
        var top = (await grid.ReadAsync<EventRow>()).ToList();
        var eventCount = await grid.ReadSingleAsync<long>();
        var hours = (await grid.ReadAsync<HourRow>()).ToList();
        var waitlist = await grid.ReadSingleAsync<WaitlistRow>();
        await tx.RollbackAsync(ct); // drops the temp table; nothing was written
        return new Snapshot(totals, revenue, events, top, hours, waitlist, eventCount);
    }

    /// <returns>The event's check-in figures; null when analytics has heard nothing of the event.</returns>
    public async Task<CheckInRow?> CheckInAsync(Guid eventId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<CheckInRow>(new CommandDefinition(
            """
            SELECT @eventId AS EventId, e.name AS Name, e.starts_at AS StartsAt,
                   (SELECT coalesce(sum(quantity), 0) FROM analytics_bookings
                    WHERE event_id = @eventId AND confirmed_at IS NOT NULL AND cancelled_at IS NULL) AS TicketsSold,
                   (SELECT count(*) FROM analytics_check_ins WHERE event_id = @eventId) AS CheckedIn
            FROM (SELECT @eventId AS event_id) ids
            LEFT JOIN analytics_events e ON e.event_id = ids.event_id
            WHERE e.event_id IS NOT NULL
               OR EXISTS (SELECT 1 FROM analytics_bookings WHERE event_id = @eventId)
               OR EXISTS (SELECT 1 FROM analytics_check_ins WHERE event_id = @eventId)
            """, new { eventId }, cancellationToken: ct));
    }
}
