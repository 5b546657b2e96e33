using System.Diagnostics;
using Dapper;
using Evently.BookingService.Inventory;
using Evently.BookingService.Messaging;
using Evently.BookingService.Sharding;
using Evently.Contracts;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evently.BookingService.Waitlist;

/// <summary>
/// Returns held seats to general sale when their hold has ended, or at once when nobody is waiting for the event any
/// more (or it was cancelled): one transaction per event that moves the seats from held to available and writes a
/// SeatReleased (reason <see cref="ReleaseReasons.HoldReleased"/>, no booking) so listings show them. State lives in
/// the database, so a restart simply resumes.
/// </summary>
public sealed class HoldSweep(ShardMap shards, IOptions<WaitlistOptions> options, ILogger<HoldSweep> logger) : EveryShardLoop(shards, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMilliseconds(Math.Max(50, options.Value.SweepIntervalMs));

    protected override string Job => "Waitlist hold sweep";

    public override Task RunAsync(Shard shard, CancellationToken ct) => SweepAsync(shard, ct);

    private const string DueSql =
        """
        SELECT DISTINCT h.event_id FROM waitlist_holds h
        WHERE h.expires_at <= now()
           OR NOT EXISTS (SELECT 1 FROM waitlist_replica r WHERE r.event_id = h.event_id AND r.status = 'waiting')
           OR EXISTS (SELECT 1 FROM event_inventory i WHERE i.event_id = h.event_id AND i.status = 'cancelled')
        LIMIT 100
        """;

    public static async Task SweepAsync(Shard shard, CancellationToken ct)
    {
        await using var connection = await shard.DataSource.OpenConnectionAsync(ct);
        var due = (await connection.QueryAsync<Guid>(new CommandDefinition(DueSql, cancellationToken: ct))).ToList();
        foreach (var eventId in due)
        {
            await ReleaseAsync(connection, eventId, ct);
        }
    }

    private static async Task ReleaseAsync(NpgsqlConnection connection, Guid eventId, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        var row = await connection.QuerySingleAsync<InventoryRow>(new CommandDefinition(
            $"SELECT {InventoryRow.Columns} FROM event_inventory WHERE event_id = @eventId FOR UPDATE", new { eventId }, tx, cancellationToken: ct));
        // Re-decided under the row lock: a release or join may have changed the picture since the scan.
        var released = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            WITH gone AS (
                DELETE FROM waitlist_holds h
                WHERE h.event_id = @eventId
                  AND (h.expires_at <= now() OR @cancelled
                       OR NOT EXISTS (SELECT 1 FROM waitlist_replica r WHERE r.event_id = h.event_id AND r.status = 'waiting'))
                RETURNING quantity)
            SELECT coalesce(sum(quantity), 0)::int FROM gone
            """, new { eventId, cancelled = row.IsCancelled }, tx, cancellationToken: ct));
        if (released == 0)
        {
            await tx.RollbackAsync(ct);
            return;
        }

        var available = row.AvailableSeats + released;
        var version = row.Version + 1;
        var outbox = new OutboxRows();
        outbox.Add(new SeatReleased(Guid.Empty, eventId, Guid.Empty, released, available, row.TotalCapacity, version,
            ReleaseReasons.HoldReleased, DateTimeOffset.UtcNow), Activity.Current?.Id);
        var parameters = new DynamicParameters(new { eventId, released, version });
        parameters.AddDynamicParams(outbox.Parameters);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE event_inventory SET held_seats = held_seats - @released, available_seats = available_seats + @released,
                version = @version, updated_at = now()
            WHERE event_id = @eventId;
            """ + OutboxRows.InsertSql, parameters, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }
}
