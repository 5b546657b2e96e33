using Dapper;
using Npgsql;

namespace Evently.BookingService.Waitlist;

/// <summary>The <c>waitlist_holds</c> rows of an event, kept summing to its <c>held_seats</c>.</summary>
public static class WaitlistHolds
{
    /// <summary>
    /// Makes the event's holds sum to <paramref name="target"/>: seats used up come out of the oldest holds first (they
    /// end first); new seats become one new hold ending at <paramref name="expiresAt"/>.
    /// </summary>
    public static async Task ResizeAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid eventId, int target,
        DateTime expiresAt, CancellationToken ct)
    {
        var holds = (await connection.QueryAsync<(long Id, int Quantity)>(new CommandDefinition(
            "SELECT id, quantity FROM waitlist_holds WHERE event_id = @eventId ORDER BY expires_at, id FOR UPDATE",
            new { eventId }, tx, cancellationToken: ct))).ToList();
        var excess = holds.Sum(h => h.Quantity) - target;
        if (excess < 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO waitlist_holds (event_id, quantity, expires_at) VALUES (@eventId, @quantity, @expiresAt)",
                new { eventId, quantity = -excess, expiresAt }, tx, cancellationToken: ct));
            return;
        }

        foreach (var (id, quantity) in holds)
        {
            if (excess == 0)
            {
                break;
            }

            var cut = Math.Min(excess, quantity);
            excess -= cut;
            await connection.ExecuteAsync(new CommandDefinition(
                cut == quantity ? "DELETE FROM waitlist_holds WHERE id = @id" : "UPDATE waitlist_holds SET quantity = quantity - @cut WHERE id = @id",
                new { id, cut }, tx, cancellationToken: ct));
        }
    }
}
