using Dapper;
using Evently.Contracts;
using Npgsql;

namespace Evently.AnalyticsService.Ingest;

// One row per waitlist entry, each message filling in its own column(s): whatever order the three arrive in, the row
// ends up the same. Kept as three explicit statements rather than one built from column names, so the SQL reads as run.

public sealed class WaitlistJoinedConsumer(NpgsqlDataSource dataSource, ILogger<WaitlistJoinedConsumer> logger) : IdempotentConsumer<WaitlistJoined>(dataSource, logger)
{
    protected override string Name => "analytics.waitlist-joined";

    protected override Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<WaitlistJoined> messages, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO analytics_waitlist (entry_id, event_id, user_id, quantity, joined_at)
            VALUES (@EntryId, @EventId, @UserId, @Quantity, @OccurredAt)
            ON CONFLICT (entry_id) DO UPDATE SET joined_at = excluded.joined_at
            """, messages, tx, cancellationToken: ct)); // Dapper runs it once per message
}

public sealed class WaitlistLeftConsumer(NpgsqlDataSource dataSource, ILogger<WaitlistLeftConsumer> logger) : IdempotentConsumer<WaitlistLeft>(dataSource, logger)
{
    protected override string Name => "analytics.waitlist-left";

    protected override Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<WaitlistLeft> messages, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO analytics_waitlist (entry_id, event_id, user_id, quantity, left_at)
            VALUES (@EntryId, @EventId, @UserId, @Quantity, @OccurredAt)
            ON CONFLICT (entry_id) DO UPDATE SET left_at = excluded.left_at
            """, messages, tx, cancellationToken: ct)); // Dapper runs it once per message
}

public sealed class WaitlistPromotedConsumer(NpgsqlDataSource dataSource, ILogger<WaitlistPromotedConsumer> logger) : IdempotentConsumer<WaitlistPromoted>(dataSource, logger)
{
    protected override string Name => "analytics.waitlist-promoted";

    protected override Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<WaitlistPromoted> messages, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO analytics_waitlist (entry_id, event_id, user_id, quantity, promoted_at, booking_id)
            VALUES (@EntryId, @EventId, @UserId, @Quantity, @OccurredAt, @BookingId)
            ON CONFLICT (entry_id) DO UPDATE SET promoted_at = excluded.promoted_at, booking_id = excluded.booking_id
            """, messages, tx, cancellationToken: ct)); // Dapper runs it once per message
}
