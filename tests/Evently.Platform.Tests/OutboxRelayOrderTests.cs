using System.Collections.Concurrent;
using Evently.Contracts;
using Evently.Messaging;
using Evently.Platform.Tests.Support;
using Evently.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Evently.Platform.Tests;

/// <summary>
/// The outbox relay publishes many messages at once (one confirm wait per batch, not per message), and a hot event's
/// messages still reach the broker in commit order. Runs on the system's RabbitMQ and one of its PostgreSQL servers,
/// with a scratch database and exchanges of its own, so the services never see these messages. A row that can never be
/// published is parked on the way.
/// </summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class OutboxRelayOrderTests(PlatformFixture fixture)
{
    private const int Transactions = 25;
    private const int PerTransaction = 100;

    [Fact]
    public async Task A_burst_of_one_events_messages_arrives_once_each_in_commit_order_past_a_parked_row()
    {
        var system = fixture.System;
        await using var scratch = await ScratchOutboxDatabase.CreateAsync(system, "relay_order");
        var dataSource = scratch.DataSource;

        // A row no consumer could take comes first: it is parked, not allowed to hold the burst back.
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await using var poison = new NpgsqlCommand(
                "INSERT INTO outbox_messages (message_id, message_type, payload) VALUES (gen_random_uuid(), 'System.Collections.Generic.List`1', '[]')",
                connection);
            await poison.ExecuteNonQueryAsync();
        }

        // Committed like the booking service's group commits: many transactions, many messages each, one event.
        var eventId = Guid.NewGuid();
        var version = 0L;
        for (var t = 0; t < Transactions; t++)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var tx = await connection.BeginTransactionAsync();
            var messages = Enumerable.Range(0, PerTransaction)
                .Select(_ => new SeatReleased(Guid.NewGuid(), eventId, Guid.NewGuid(), 1, 0, 1, ++version, ReleaseReasons.Cancelled, DateTimeOffset.UtcNow))
                .ToList();
            await Outbox.EnqueueAllAsync(connection, tx, messages);
            await tx.CommitAsync();
        }

        var received = new ConcurrentQueue<long>();
        var prefix = $"relay-order-{Guid.NewGuid():N}";
        // Exchanges of this test only: the services' queues are bound to the unprefixed ones.
        await using var provider = RelayTestBus.Create(system, prefix, received);
        var busControl = provider.GetRequiredService<IBusControl>();
        await busControl.StartAsync(CancellationToken.None);
        var relay = new OutboxRelay(dataSource, busControl, NullLogger<OutboxRelay>.Instance);
        try
        {
            await relay.StartAsync(CancellationToken.None);
            await Eventually.UntilAsync(() => Task.FromResult(received.Count), n => n >= Transactions * PerTransaction, TimeSpan.FromSeconds(90),
                "every outbox message delivered");

            Assert.Equal(Enumerable.Range(1, Transactions * PerTransaction).Select(v => (long)v), received.ToArray());
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var unsent = new NpgsqlCommand("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL AND last_error IS NULL", connection);
            Assert.Equal(0L, await unsent.ExecuteScalarAsync());
            await using var parked = new NpgsqlCommand("SELECT last_error FROM outbox_messages WHERE sent_at IS NULL", connection);
            Assert.StartsWith("Unknown message type System.Collections.Generic.List`1", (string?)await parked.ExecuteScalarAsync());
        }
        finally
        {
            await relay.StopAsync(CancellationToken.None);
            relay.Dispose();
            await busControl.StopAsync(CancellationToken.None);
        }
    }
}
