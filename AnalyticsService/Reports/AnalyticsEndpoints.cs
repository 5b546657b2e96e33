using Evently.ServiceDefaults;
using Evently.ServiceDefaults.Auth;
using Evently.ServiceDefaults.OpenApi;

namespace Evently.AnalyticsService.Reports;

/// <summary><c>GET /api/v1/analytics</c> (admin): business aggregates from analytics' tables plus the owners' query timings.</summary>
public static class AnalyticsEndpoints
{
    public static IEndpointRouteBuilder MapAnalyticsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/analytics", GetAsync).RequireAuthorization(EventlyAuth.AdminPolicy)
            .WithTags("Analytics").WithName("GetAnalytics").WithSummary("Business aggregates and query timings")
            .WithDescription("Bookings, seats, revenue per currency, utilization per event, bookings per hour, waitlist " +
                "conversion, and the real cost of the main queries in each service (`query_performance`).")
            .Produces<AnalyticsReport.Report>();
        // Door staff follow their event's check-in too.
        app.MapGet("/api/v1/analytics/events/{id}/check-in", CheckInAsync).RequireAuthorization(EventlyAuth.CheckInPolicy)
            .WithTags("Analytics").WithName("GetEventCheckIn").WithSummary("An event's check-in figures")
            .Produces<AnalyticsReport.EventCheckIn>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> GetAsync(AnalyticsQueries queries, QueryPerformanceClient performance, TimeProvider clock, CancellationToken ct)
    {
        var timings = performance.FetchAsync(ct);
        var snapshot = await queries.ReadAsync(ct);
        return Results.Ok(AnalyticsReport.Build(snapshot, await timings, clock.GetUtcNow()));
    }

    private static async Task<IResult> CheckInAsync(string id, AnalyticsQueries queries, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var eventId))
        {
            return EventlyResults.BadRequest("The event id must be a UUID.");
        }

        return await queries.CheckInAsync(eventId, ct) is { } row
            ? Results.Ok(new AnalyticsReport.EventCheckIn(true, row.EventId, row.Name,
                row.StartsAt is { } s ? DateTime.SpecifyKind(s, DateTimeKind.Utc) : null,
                AnalyticsReport.CheckIn.From(row.TicketsSold, row.CheckedIn)))
            : EventlyResults.NotFound("Event not found");
    }
}
