using Dapper;
using Evently.BookingService.Sharding;
using Microsoft.Extensions.Options;

namespace Evently.BookingService.WaitingRoom;

/// <summary>
/// Lets waiting buyers in, first come first served, at each event's rate. Runs on every replica; per event, one
/// transaction locks the room's row with <c>FOR NO KEY UPDATE SKIP LOCKED</c>, so exactly one replica admits an event at
/// a time and the others move on (NO KEY: joins, whose ticket's foreign key share-locks the row, never wait for it).
/// Admission is a token bucket kept in that row (credit and its time): the next tickets by number past
/// <c>admitted_through</c> get their pass end, and the watermark moves to the last of them, so a ticket is admitted once
/// and an expired pass is never renewed. A crash before the commit admits nobody; the next round does.
/// </summary>
public sealed partial class QueueAdmitter(ShardMap shards, IOptions<WaitingRoomOptions> options, ILogger<QueueAdmitter> logger)
    : EveryShardLoop(shards, logger)
{
    private const string DueSql =
        """
        SELECT w.event_id FROM waiting_rooms w JOIN waiting_room_counters c USING (event_id)
        WHERE w.enabled AND c.last_number > w.admitted_through
        """;

    private const string LockSql =
        """
        SELECT admission_per_minute AS PerMinute, pass_seconds AS PassSeconds, admitted_through AS AdmittedThrough,
               admission_credit AS Credit, greatest(0, extract(epoch FROM now() - credit_at))::float8 AS Elapsed
        FROM waiting_rooms WHERE event_id = @eventId AND enabled FOR NO KEY UPDATE SKIP LOCKED
        """;

    private const string AdmitSql =
        """
        WITH next AS (
            SELECT id FROM queue_tickets
            WHERE event_id = @eventId AND number > @admittedThrough AND admitted_at IS NULL
            ORDER BY number LIMIT @count
        )
        UPDATE queue_tickets t SET admitted_at = now(), pass_expires_at = now() + make_interval(secs => @passSeconds)
        FROM next WHERE t.id = next.id
        RETURNING t.number
        """;

    private const string AdvanceSql =
        """
        UPDATE waiting_rooms SET admitted_through = greatest(admitted_through, @through), admission_credit = @credit, credit_at = now()
        WHERE event_id = @eventId
        """;

    private sealed record Room(int PerMinute, int PassSeconds, long AdmittedThrough, double Credit, double Elapsed);

    protected override TimeSpan Interval => TimeSpan.FromMilliseconds(Math.Max(20, options.Value.AdmitIntervalMs));

    protected override string Job => "Waiting-room admission";

    public override async Task RunAsync(Shard shard, CancellationToken ct)
    {
        await using var connection = await shard.DataSource.OpenConnectionAsync(ct);
        var due = (await connection.QueryAsync<Guid>(new CommandDefinition(DueSql, cancellationToken: ct))).ToList();
        foreach (var eventId in due)
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            var room = await connection.QuerySingleOrDefaultAsync<Room>(new CommandDefinition(LockSql, new { eventId }, tx, cancellationToken: ct));
            if (room is null)
            {
                await tx.RollbackAsync(ct); // another replica is admitting this event right now (or it was just turned off)
                continue;
            }

            var perSecond = room.PerMinute / 60.0;
            var burst = Math.Max(1, perSecond * options.Value.BurstSeconds);
            var credit = Math.Min(burst, room.Credit + perSecond * room.Elapsed);
            var count = (int)Math.Min(Math.Floor(credit), options.Value.MaxAdmitPerRound);
            var admitted = count == 0
                ? []
                : (await connection.QueryAsync<long>(new CommandDefinition(AdmitSql,
                    new { eventId, room.AdmittedThrough, count, passSeconds = (double)room.PassSeconds }, tx, cancellationToken: ct))).ToList();
            var through = admitted.Count == 0 ? room.AdmittedThrough : admitted.Max();
            await connection.ExecuteAsync(new CommandDefinition(AdvanceSql, new { eventId, through, credit = credit - admitted.Count }, tx,
                cancellationToken: ct));
            await tx.CommitAsync(ct);
            if (admitted.Count > 0)
            {
                LogAdmitted(Logger, admitted.Count, eventId, through);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Admitted {Count} buyers of event {EventId} (through ticket {Through})")]
    private static partial void LogAdmitted(ILogger logger, int count, Guid eventId, long through);
}
