using Dapper;
using Evently.BookingService.Sharding;
using Evently.ServiceDefaults.Auth;
using Evently.ServiceDefaults.OpenApi;
using Npgsql;

namespace Evently.BookingService.Consistency;

/// <summary>
/// <c>GET /api/v1/admin/consistency</c>: the seed's capacity-consistency check, run on every shard. For each event
/// the confirmed seats must equal capacity − available − held (for the waitlist) − in checkout, and the seats in checkout
/// must equal those of its active holds; an event with more confirmed seats than capacity is
/// oversold. A shard that cannot be reached is reported as unavailable instead of failing the report.
/// </summary>
public static class ConsistencyEndpoints
{
    public const string CheckSql =
        """
        SELECT i.event_id AS EventId, i.total_capacity AS TotalCapacity, i.available_seats AS AvailableSeats, i.held_seats AS HeldSeats,
               i.checkout_seats AS CheckoutSeats,
               COALESCE((SELECT SUM(b.quantity) FROM bookings b WHERE b.event_id = i.event_id AND b.status = 'confirmed'), 0)::int AS TotalBooked,
               COALESCE((SELECT SUM(h.quantity) FROM holds h WHERE h.event_id = i.event_id AND h.status = 'active'), 0)::int AS ActiveHoldSeats,
               (i.total_capacity - i.available_seats - i.held_seats - i.checkout_seats) AS ShouldEqualTotalBooked
        FROM event_inventory i
        WHERE @eventId::uuid IS NULL OR i.event_id = @eventId
        ORDER BY i.event_id
        """;

    public sealed record EventRow(Guid EventId, int TotalCapacity, int AvailableSeats, int HeldSeats, int CheckoutSeats, int TotalBooked,
        int ActiveHoldSeats, int ShouldEqualTotalBooked)
    {
        public bool Consistent => TotalBooked == ShouldEqualTotalBooked && ActiveHoldSeats == CheckoutSeats;
        public bool Oversold => TotalBooked > TotalCapacity || AvailableSeats < 0;
    }

    public sealed record EventReport(Guid EventId, string Shard, int TotalCapacity, int AvailableSeats, int HeldSeats, int CheckoutSeats,
        int TotalBooked,
        int ShouldEqualTotalBooked, bool Consistent, bool Oversold);

    public sealed record ShardReport(int Shard, string Name, string Status, int Events, string? Error);

    public sealed record Report(bool Success, bool Consistent, int TotalEvents, int OversoldEvents, int MismatchedEvents,
        int UnavailableShards, IReadOnlyList<ShardReport> Shards, IReadOnlyList<EventReport> Events);

    public static IEndpointRouteBuilder MapConsistencyEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/admin/consistency", CheckAsync).RequireAuthorization(EventlyAuth.AdminPolicy)
            .WithTags("Operations").WithName("CheckConsistency").WithSummary("Check seat consistency on every shard")
            .WithDescription("For each event (or the one given): booked seats must equal capacity − available − held − in checkout, " +
                "and nothing may be oversold. A shard that cannot be reached is reported, not failed.")
            .Produces<Report>()
            .ProducesProblems(StatusCodes.Status400BadRequest);
        return app;
    }

    private static async Task<IResult> CheckAsync(ShardMap shards, string? event_id, CancellationToken ct)
    {
        Guid? eventId = null;
        if (!string.IsNullOrEmpty(event_id))
        {
            if (!Guid.TryParse(event_id, out var parsed))
            {
                return ServiceDefaults.EventlyResults.BadRequest("event_id must be a UUID.");
            }

            eventId = parsed;
        }

        var targets = eventId is { } e ? [shards.ForEvent(e)] : shards.Shards;
        var results = await Task.WhenAll(targets.Select(async shard =>
        {
            try
            {
                await using var connection = await shard.DataSource.OpenConnectionAsync(ct);
                var rows = (await connection.QueryAsync<EventRow>(new CommandDefinition(CheckSql, new { eventId }, cancellationToken: ct))).ToList();
                return (Shard: new ShardReport(shard.Index, shard.Name, "ok", rows.Count, null), Rows: rows);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                return (Shard: new ShardReport(shard.Index, shard.Name, "unavailable", 0, ex.Message), Rows: new List<EventRow>());
            }
        }));

        var events = results.SelectMany(r => r.Rows.Select(x => new EventReport(x.EventId, r.Shard.Name, x.TotalCapacity, x.AvailableSeats,
            x.HeldSeats, x.CheckoutSeats, x.TotalBooked, x.ShouldEqualTotalBooked, x.Consistent, x.Oversold))).ToList();
        var oversold = events.Count(x => x.Oversold);
        var mismatched = events.Count(x => !x.Consistent);
        var unavailable = results.Count(r => r.Shard.Status != "ok");
        return Results.Ok(new Report(true, oversold == 0 && mismatched == 0 && unavailable == 0, events.Count, oversold, mismatched,
            unavailable, [.. results.Select(r => r.Shard)], events));
    }
}
