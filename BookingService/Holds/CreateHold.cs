using System.Diagnostics;
using Dapper;
using Evently.BookingService.Bookings;
using Evently.BookingService.Inventory;
using Evently.BookingService.Messaging;
using Evently.BookingService.Sharding;
using Evently.BookingService.Shedding;
using Evently.BookingService.Strategies;
using Evently.BookingService.Telemetry;
using Evently.Contracts;
using Microsoft.Extensions.Options;

namespace Evently.BookingService.Holds;

/// <summary>
/// Takes seats out of general sale for a buyer's checkout. Under the event's inventory row lock: the same refusals as
/// a booking (exact "Only N seats available"), the per-user cap counted from active holds, then the seats move from
/// available to checkout, the hold row and a SeatsHeld message are written, all in one transaction. The CHECK
/// constraints on <c>event_inventory</c> stay the last line against overselling. The transaction runs on a
/// <see cref="DatabaseWorkers"/> thread, so the row lock is held for the database's time only, not the thread pool's.
/// </summary>
public sealed class CreateHold(ShardMap shards, InventoryProvisioner provisioner, IOptions<HoldOptions> options, BookingMetrics metrics,
    TimeProvider clock, DatabaseWorkers workers, LoadShedding shedding)
{
    private const string LockSql =
        $"""
        SELECT {InventoryRow.Columns} FROM event_inventory WHERE event_id = @eventId FOR UPDATE;
        SELECT count(*)::int FROM holds WHERE event_id = @eventId AND user_id = @userId AND status = 'active' AND expires_at > now();
        """;

    private const string HoldSql =
        """
        UPDATE event_inventory
        SET available_seats = available_seats - @quantity, checkout_seats = checkout_seats + @quantity, version = @version, updated_at = now()
        WHERE event_id = @eventId;
        INSERT INTO holds (id, event_id, user_id, quantity, status, expires_at, created_at)
        VALUES (@id, @eventId, @userId, @quantity, 'active', @expiresAt, @createdAt);
        """;

    public async Task<HoldOutcome> ExecuteAsync(Guid userId, Guid eventId, int quantity, CancellationToken ct)
    {
        var shard = shards.ForEvent(eventId);
        var traceParent = Activity.Current?.Id; // the worker thread has no Activity
        using var admission = await shedding.Holds.EnterAsync(shard, ct);
        if (admission.Refusal is { } shed)
        {
            return Refuse(503, shed, "shed");
        }

        var outcome = await workers.RunAsync(() => TryHold(shard, userId, eventId, quantity, traceParent));
        if (outcome is HoldOutcome.EventUnknown)
        {
            outcome = await provisioner.EnsureAsync(shard, eventId, ct) switch
            {
                InventoryProvisioner.Result.NotFound => Refuse(404, "Event not found", "event_not_found"),
                InventoryProvisioner.Result.EventsUnavailable => Refuse(503, CreateBooking.EventsDownDetail, "events_unavailable"),
                _ => await workers.RunAsync(() => TryHold(shard, userId, eventId, quantity, traceParent)),
            };
        }

        if (outcome is HoldOutcome.Held)
        {
            metrics.Holds.Add(1, new KeyValuePair<string, object?>("outcome", "held"));
        }

        return outcome is HoldOutcome.EventUnknown ? Refuse(404, "Event not found", "event_not_found") : outcome;
    }

    private HoldOutcome TryHold(Shard shard, Guid userId, Guid eventId, int quantity, string? traceParent)
    {
        using var connection = shard.DataSource.OpenConnection();
        using var tx = connection.BeginTransaction();
        InventoryRow? row;
        int active;
        using (var reader = connection.QueryMultiple(LockSql, new { eventId, userId }, tx))
        {
            row = reader.ReadSingleOrDefault<InventoryRow>();
            active = reader.ReadSingle<int>();
        }

        var cap = options.Value.MaxActivePerUser;
        HoldOutcome? refusal = row switch
        {
            null => new HoldOutcome.EventUnknown(),
            { IsCancelled: true } => Refuse(409, "Event has been cancelled", "event_cancelled"),
            _ when active >= cap => Refuse(409,
                $"You already have {active} active hold{(active == 1 ? "" : "s")} on this event (at most {cap}); confirm or release one first",
                "hold_limit"),
            { AvailableSeats: var left } when left < quantity => Refuse(409, $"Only {left} seats available", "sold_out"),
            _ => null,
        };
        if (refusal is not null)
        {
            tx.Rollback();
            return refusal;
        }

        var now = HoldRows.Truncate(clock.GetUtcNow().UtcDateTime);
        var hold = new HoldRecord(BookingIds.New(shard.Index), eventId, userId, quantity, HoldRecord.Active,
            now.AddMinutes(row!.HoldMinutes), null, now, null);
        var available = row.AvailableSeats - quantity;
        var version = row.Version + 1;
        var outbox = new OutboxRows();
        outbox.Add(new SeatsHeld(hold.Id, eventId, userId, quantity, available, row.TotalCapacity, version,
            new DateTimeOffset(hold.ExpiresAt, TimeSpan.Zero), new DateTimeOffset(now, TimeSpan.Zero)), traceParent);
        var parameters = new DynamicParameters(new { hold.Id, eventId, userId, quantity, version, hold.ExpiresAt, CreatedAt = now });
        parameters.AddDynamicParams(outbox.Parameters);
        connection.Execute(HoldSql + OutboxRows.InsertSql, parameters, tx);
        tx.Commit();
        return new HoldOutcome.Held(hold, available);
    }

    private HoldOutcome.Refused Refuse(int status, string detail, string reason)
    {
        metrics.Holds.Add(1, new KeyValuePair<string, object?>("outcome", reason));
        return new HoldOutcome.Refused(status, detail, reason);
    }
}
