namespace Evently.AnalyticsService.Reports;

/// <summary>Shapes the analytics answer (snake_case on the wire), keeping the seed's <c>query_performance</c> strings.</summary>
public static class AnalyticsReport
{
    public sealed record Totals(long Bookings, long TotalBookings, long SeatsSold, long Cancellations, long CancelledSeats,
        long WaitlistBookings, long Events, IReadOnlyList<Revenue> Revenue, long TicketsSold, long CheckedIn);

    /// <summary>Net revenue (confirmed, not cancelled) per currency; a list, so currency codes keep their case.</summary>
    public sealed record Revenue(string Currency, decimal Amount);

    public sealed record EventUtilization(Guid EventId, string? Name, string? Status, DateTime? StartsAt, int? TotalCapacity,
        int? AvailableSeats, long Bookings, long SeatsSold, long Cancellations, double Utilization, string UtilizationPercent,
        long WaitlistLength, long TicketsSold, long CheckedIn);

    /// <summary>Door figures: tickets sold (one per seat of a live booking), checked in, and the share checked in.</summary>
    public sealed record CheckIn(long TicketsSold, long CheckedIn, long NotCheckedIn, double Rate, string RatePercent)
    {
        public static CheckIn From(long sold, long checkedIn)
        {
            var ratio = Formatting.Ratio(checkedIn, sold);
            return new CheckIn(sold, checkedIn, Math.Max(0, sold - checkedIn), Math.Round(ratio, 4), Formatting.Percent(ratio));
        }
    }

    public sealed record HourBucket(DateTime Hour, long Bookings, long Seats);

    public sealed record WaitlistConversion(long Joined, long Waiting, long Promoted, long Left, double ConversionRate, string ConversionRatePercent);

    public sealed record QueryDetail(string Service, string Status, double? MeanMs, double? LastMs, long? Calls, string? Index,
        IReadOnlyList<string> Indexes, string? Source, string? Error);

    /// <summary>
    /// <c>GET /api/v1/analytics</c>. <c>query_performance</c> keeps the seed's flat <c>"name": "12ms"</c> strings, with a
    /// <c>details</c> entry (name → <see cref="QueryDetail"/>) beside them.
    /// </summary>
    public sealed record Report(DateTimeOffset GeneratedAt, Totals Totals, IReadOnlyList<EventUtilization> EventUtilization, long EventsTotal,
        IReadOnlyList<EventUtilization> TopEvents, IReadOnlyList<HourBucket> BookingsPerHour, WaitlistConversion WaitlistConversion,
        IReadOnlyDictionary<string, object> QueryPerformance);

    /// <summary><c>GET /api/v1/analytics/events/{id}/check-in</c>: one event's door figures.</summary>
    public sealed record EventCheckIn(bool Success, Guid EventId, string? Name, DateTime? StartsAt, CheckIn CheckIn);

    public static Report Build(AnalyticsQueries.Snapshot s, IReadOnlyList<QueryPerformanceClient.Result> timings, DateTimeOffset now)
    {
        // The seed's flat "name": "12ms" strings, with the detail (mean, calls, index, source) beside them.
        var queryPerformance = new Dictionary<string, object>();
        var details = new Dictionary<string, QueryDetail>();
        foreach (var t in timings)
        {
            queryPerformance[t.Name] = t.Timing is { } timing ? Formatting.Ms(timing.MeanMs) : "unavailable";
            details[t.Name] = t.Timing is { } q
                ? new QueryDetail(t.Service, "ok", q.MeanMs, q.LastMs, q.Calls, q.Indexes.FirstOrDefault(), q.Indexes, q.Source, null)
                : new QueryDetail(t.Service, "unavailable", null, null, null, null, [], null, t.Error);
        }

        queryPerformance["details"] = details;

        return new Report(
            GeneratedAt: now,
            Totals: new Totals(s.Totals.Bookings, s.Totals.TotalBookings, s.Totals.SeatsSold, s.Totals.Cancellations,
                s.Totals.CancelledSeats, s.Totals.WaitlistBookings, s.EventCount,
                [.. s.Revenue.Select(r => new Revenue(r.Currency, r.Revenue))], s.Totals.SeatsSold, s.Totals.CheckedIn),
            EventUtilization: [.. s.Events.Select(Utilization)],
            EventsTotal: s.EventCount,
            TopEvents: [.. s.TopEvents.Select(Utilization)],
            BookingsPerHour: [.. s.BookingsPerHour.Select(h => new HourBucket(DateTime.SpecifyKind(h.Hour, DateTimeKind.Utc), h.Bookings, h.Seats))],
            WaitlistConversion: Conversion(s.Waitlist),
            QueryPerformance: queryPerformance);
    }

    private static EventUtilization Utilization(AnalyticsQueries.EventRow e)
    {
        var ratio = Formatting.Ratio(e.SeatsSold, e.TotalCapacity ?? 0);
        return new EventUtilization(e.EventId, e.Name, e.Status, e.StartsAt, e.TotalCapacity, e.AvailableSeats, e.Bookings,
            e.SeatsSold, e.Cancellations, Math.Round(ratio, 4), Formatting.Percent(ratio), e.WaitlistLength, e.SeatsSold, e.CheckedIn);
    }

    private static WaitlistConversion Conversion(AnalyticsQueries.WaitlistRow w)
    {
        var ratio = Formatting.Ratio(w.Promoted, w.Joined);
        return new WaitlistConversion(w.Joined, w.Waiting, w.Promoted, w.Left, Math.Round(ratio, 4), Formatting.Percent(ratio));
    }
}
