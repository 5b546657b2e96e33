using Dapper;
using Evently.BookingService.Inventory;
using Evently.BookingService.Sharding;
using Evently.ServiceDefaults;

namespace Evently.BookingService.Waitlist;

/// <summary>
/// <c>GET /internal/inventory/{eventId}</c>: the seat counts the waitlist service decides a join on (sold out or not),
/// plus how many entries this shard knows are waiting and how many seats are in buyers' checkouts. An event the shard has not seen yet is fetched from the
/// events service first, as a first booking would.
/// </summary>
public static class InventoryEndpoints
{
    public sealed record InventoryView(Guid EventId, int TotalCapacity, int AvailableSeats, int HeldSeats, int CheckoutSeats, string Status,
        long WaitingEntries, long Version);

    public static IEndpointRouteBuilder MapWaitlistInventoryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/internal/inventory/{eventId:guid}", async (Guid eventId, ShardMap shards, InventoryProvisioner provisioner, CancellationToken ct) =>
        {
            var shard = shards.ForEvent(eventId);
            var view = await ReadAsync(shard, eventId, ct);
            if (view is null)
            {
                switch (await provisioner.EnsureAsync(shard, eventId, ct))
                {
                    case InventoryProvisioner.Result.NotFound:
                        return EventlyResults.NotFound("Event not found");
                    case InventoryProvisioner.Result.EventsUnavailable:
                        return EventlyResults.ServiceUnavailable("The events service is unavailable; please retry shortly");
                }

                view = await ReadAsync(shard, eventId, ct);
            }

            return view is null ? EventlyResults.NotFound("Event not found") : Results.Ok(view);
        });
        return app;
    }

    private static async Task<InventoryView?> ReadAsync(Shard shard, Guid eventId, CancellationToken ct)
    {
        await using var connection = await shard.DataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<InventoryView>(new CommandDefinition(
            """
            SELECT i.event_id AS EventId, i.total_capacity AS TotalCapacity, i.available_seats AS AvailableSeats,
                   i.held_seats AS HeldSeats, i.checkout_seats AS CheckoutSeats, i.status AS Status,
                   (SELECT count(*) FROM waitlist_replica r WHERE r.event_id = i.event_id AND r.status = 'waiting') AS WaitingEntries,
                   i.version AS Version
            FROM event_inventory i WHERE i.event_id = @eventId
            """, new { eventId }, cancellationToken: ct));
    }
}
