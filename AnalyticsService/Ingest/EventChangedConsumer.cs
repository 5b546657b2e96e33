using Dapper;
using Evently.Contracts;
using Npgsql;

namespace Evently.AnalyticsService.Ingest;

/// <summary>Keeps the newest version of each event's details (names, capacity, price) for the reports.</summary>
public sealed class EventChangedConsumer(NpgsqlDataSource dataSource, ILogger<EventChangedConsumer> logger) : IdempotentConsumer<EventChanged>(dataSource, logger)
{
    protected override string Name => "analytics.event-changed";

    protected override Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<EventChanged> messages, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO analytics_events (event_id, name, venue, starts_at, total_capacity, price, currency, status, version)
            VALUES (@EventId, @Name, @Venue, @StartsAt, @TotalCapacity, @Price, @Currency, @Status, @Version)
            ON CONFLICT (event_id) DO UPDATE SET
                name = excluded.name, venue = excluded.venue, starts_at = excluded.starts_at,
                total_capacity = excluded.total_capacity, price = excluded.price, currency = excluded.currency,
                status = excluded.status, version = excluded.version, updated_at = now()
            WHERE analytics_events.version < excluded.version
            """, messages, tx, cancellationToken: ct)); // Dapper runs it once per message
}
