using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Dapper;
using Evently.Contracts;
using Evently.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Evently.Messaging;

/// <summary>
/// Publishes committed outbox rows of one database to RabbitMQ in commit order, then marks them sent.
/// A broker outage stops the relay at the first unsent row (so order is kept) and it retries with back-off;
/// nothing is lost, and consumers' inboxes absorb the rare duplicate after a crash between publish and mark.
/// A row no retry could ever publish (a type that is not a contract, an unreadable payload) is parked instead: kept
/// with its <c>last_error</c>, logged as an error and skipped, so it cannot hold every later message back.
/// </summary>
public sealed partial class OutboxRelay(NpgsqlDataSource dataSource, IBus bus, ILogger<OutboxRelay> logger) : BackgroundService
{
    // Big batches: a hot event's shard commits thousands of messages a second, and each batch costs a read, a confirm wait
    // and a mark on top of its publishes; hundreds in flight keep the broker busy through the confirm wait.
    private const int BatchSize = 500;

    // For a whole batch: on a saturated machine its publishes queue behind one another on the channel.
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);
    private static readonly ActivitySource Source = new(Extensions.TelemetrySourcePrefix + "Outbox");
    private static readonly Meter Meter = new(Extensions.TelemetrySourcePrefix + "Outbox");
    private static readonly Counter<long> Published = Meter.CreateCounter<long>("evently.outbox.published", "{message}");
    private static readonly Counter<long> Parked = Meter.CreateCounter<long>("evently.outbox.parked", "{message}");
    private static readonly Counter<long> Failures = Meter.CreateCounter<long>("evently.outbox.publish_failures", "{failure}");

    private readonly HashSet<Type> _ready = [];

    // One relay per database at a time, whichever instance holds it, so order per database holds across instances.
    private const long RelayLockKey = 0x4F_55_54_42_4F_58; // "OUTBOX"

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var listener = await dataSource.OpenConnectionAsync(stoppingToken);
                await listener.ExecuteAsync($"LISTEN {Outbox.Channel}");
                while (!stoppingToken.IsCancellationRequested)
                {
                    while (await RelayBatchAsync(stoppingToken) == BatchSize)
                    {
                    }

                    backoff = TimeSpan.Zero;
                    await listener.WaitAsync(IdlePoll, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                backoff = backoff == TimeSpan.Zero ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
                Failures.Add(1);
                LogRelayFailed(logger, ex, DescribeDatabase(), backoff.TotalMilliseconds);
                await Task.Delay(backoff, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <returns>How many rows this batch published.</returns>
    private async Task<int> RelayBatchAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (!await connection.ExecuteScalarAsync<bool>("SELECT pg_try_advisory_xact_lock(@key)", new { key = RelayLockKey }, tx))
        {
            return 0;
        }

        var rows = (await connection.QueryAsync<OutboxRow>(new CommandDefinition(
            """
            SELECT sequence, message_id AS MessageId, message_type AS MessageType, payload::text AS Payload, trace_parent AS TraceParent,
                   trace_links AS TraceLinks
            FROM outbox_messages WHERE sent_at IS NULL AND last_error IS NULL ORDER BY sequence LIMIT @BatchSize
            """, new { BatchSize }, tx, cancellationToken: ct))).ToList();

        // Publishes are started in commit order and confirmed together: one at a time, each would wait for the broker's
        // confirm (its disk write) alone and a hot event's outbox would fall far behind its bookings.
        var publishes = new List<(long Sequence, Task Task)>(rows.Count);
        var parked = new List<(long Sequence, string Error)>();
        // One timer for the whole batch rather than one per message.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(PublishTimeout);
        try
        {
            foreach (var row in rows)
            {
                if (!TryRead(row, out var type, out var message, out var error))
                {
                    // No retry can ever publish it: park it (kept, with its error) rather than stop the outbox behind it.
                    parked.Add((row.Sequence, error));
                    continue;
                }

                var publish = PublishAsync(row, type, message, timeout.Token);
                publishes.Add((row.Sequence, publish));
                // A type's first publish sets up its exchange and channel; publishes queued behind that set-up would be
                // released in any order, so it goes alone. Once set up, publishes reach the channel in call order.
                if (_ready.Add(type))
                {
                    await publish;
                }
            }

            await Task.WhenAll(publishes.Select(p => p.Task));
        }
        catch
        {
            _ready.Clear(); // a failure may mean a new connection: set each type up alone again
            throw;
        }
        finally
        {
            await Task.WhenAll(publishes.Select(p => p.Task)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            // Only the unbroken run of confirmed rows counts as sent, so the relay resumes at the first failure in order;
            // rows after it that did reach the broker go again and the consumers' inboxes drop the copies.
            var sent = publishes.TakeWhile(p => p.Task.IsCompletedSuccessfully).Select(p => p.Sequence).ToArray();
            foreach (var (sequence, error) in parked)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE outbox_messages SET last_error = @error, attempts = attempts + 1 WHERE sequence = @sequence",
                    new { sequence, error }, tx, cancellationToken: CancellationToken.None));
                Parked.Add(1);
                LogParked(logger, sequence, DescribeDatabase(), error);
            }

            if (sent.Length > 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE outbox_messages SET sent_at = now(), attempts = attempts + 1 WHERE sequence = ANY(@sent)",
                    new { sent }, tx, cancellationToken: CancellationToken.None));
                Published.Add(sent.Length);
            }

            if (sent.Length + parked.Count > 0)
            {
                await tx.CommitAsync(CancellationToken.None);
            }
        }

        return rows.Count;
    }

    /// <summary>The row's message as its contract type; false (with why) for a type or payload no consumer could take.</summary>
    private static bool TryRead(OutboxRow row, [NotNullWhen(true)] out Type? type, [NotNullWhen(true)] out object? message, out string error)
    {
        (message, error) = (null, "");
        type = typeof(BookingConfirmed).Assembly.GetType(row.MessageType);
        if (type is null)
        {
            error = $"Unknown message type {row.MessageType} (not a contract in Evently.Contracts).";
            return false;
        }

        try
        {
            message = JsonSerializer.Deserialize(row.Payload, type, EventlyJson.Options);
        }
        catch (JsonException ex)
        {
            error = $"The payload is not a {type.Name}: {ex.Message}";
            return false;
        }

        error = message is null ? $"The payload is not a {type.Name} (null)." : "";
        return message is not null;
    }

    private async Task PublishAsync(OutboxRow row, Type type, object message, CancellationToken ct)
    {
        // Continue the trace of the request that wrote the row, so one booking is one trace end to end; a message that
        // stands for several requests (a group commit's) links the others' traces, the convention for batches.
        ActivityContext.TryParse(row.TraceParent, null, out var parent);
        using var activity = Source.StartActivity($"outbox publish {type.Name}", ActivityKind.Internal, parent, links: LinksOf(row));
        await bus.Publish(message, type, ctx => ctx.MessageId = row.MessageId, ct);
    }

    private static List<ActivityLink>? LinksOf(OutboxRow row) =>
        row.TraceLinks?.Split(',')
            .Select(link => ActivityContext.TryParse(link, null, out var context) ? new ActivityLink(context) : default)
            .Where(link => link.Context != default)
            .ToList();

    private string DescribeDatabase()
    {
        var csb = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        return $"{csb.Database}@{csb.Host}:{csb.Port}";
    }

    private sealed record OutboxRow(long Sequence, Guid MessageId, string MessageType, string Payload, string? TraceParent, string? TraceLinks);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox row {Sequence} of {Database} can never be published and was parked (last_error): {Error}")]
    private static partial void LogParked(ILogger logger, long sequence, string database, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay for {Database} failed; retrying in {DelayMs} ms")]
    private static partial void LogRelayFailed(ILogger logger, Exception ex, string database, double delayMs);
}
