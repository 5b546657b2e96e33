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
/// What two replicas of a service do to one database's outbox and inbox: two relays deliver each message once and in
/// commit order (one relays at a time, by advisory lock), and a redelivered message handled by two replicas at the same
/// moment takes effect once (the second waits on the first's inbox row and then skips it). Scratch database, own exchanges.
/// </summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class MultiInstanceMessagingTests(PlatformFixture fixture) : IAsyncLifetime
{
    private const int Messages = 2000;
    private ScratchOutboxDatabase _scratch = null!;

    public async Task InitializeAsync() => _scratch = await ScratchOutboxDatabase.CreateAsync(fixture.System, "multi_instance");

    public async Task DisposeAsync() => await _scratch.DisposeAsync();

    [Fact]
    public async Task Two_relays_on_one_database_deliver_each_message_once_in_commit_order()
    {
        var eventId = Guid.NewGuid();
        for (var version = 1L; version <= Messages; version += 100)
        {
            await using var connection = await _scratch.DataSource.OpenConnectionAsync();
            await using var tx = await connection.BeginTransactionAsync();
            await Outbox.EnqueueAllAsync(connection, tx, Enumerable.Range(0, 100)
                .Select(i => new SeatReleased(Guid.NewGuid(), eventId, Guid.NewGuid(), 1, 0, 1, version + i, ReleaseReasons.Cancelled, DateTimeOffset.UtcNow))
                .ToList());
            await tx.CommitAsync();
        }

        var received = new ConcurrentQueue<long>();
        var prefix = $"multi-relay-{Guid.NewGuid():N}";
        // Each replica has its own bus connection; the first also hosts the test's consumer.
        await using var first = Bus(prefix, received);
        await using var second = Bus(prefix, null);
        var buses = new[] { first.GetRequiredService<IBusControl>(), second.GetRequiredService<IBusControl>() };
        foreach (var bus in buses)
        {
            await bus.StartAsync(CancellationToken.None);
        }

        var relays = buses.Select(bus => new OutboxRelay(_scratch.DataSource, bus, NullLogger<OutboxRelay>.Instance)).ToList();
        try
        {
            await Task.WhenAll(relays.Select(r => r.StartAsync(CancellationToken.None)));
            await Eventually.UntilAsync(() => Task.FromResult(received.Count), n => n >= Messages, TimeSpan.FromSeconds(90),
                "every outbox message delivered");
            // Anything sent twice would arrive now, after the last one.
            await using (var connection = await _scratch.DataSource.OpenConnectionAsync())
            {
                await using var unsent = new NpgsqlCommand("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL", connection);
                Assert.Equal(0L, await unsent.ExecuteScalarAsync());
            }

            Assert.Equal(Enumerable.Range(1, Messages).Select(v => (long)v), received.ToArray());
        }
        finally
        {
            foreach (var relay in relays)
            {
                await relay.StopAsync(CancellationToken.None);
                relay.Dispose();
            }

            foreach (var bus in buses)
            {
                await bus.StopAsync(CancellationToken.None);
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_duplicate_handled_by_two_replicas_at_once_takes_effect_once(bool firstCommits)
    {
        var messageId = Guid.NewGuid();
        await using var first = await _scratch.DataSource.OpenConnectionAsync();
        await using var second = await _scratch.DataSource.OpenConnectionAsync();
        await using var firstTx = await first.BeginTransactionAsync();
        await using var secondTx = await second.BeginTransactionAsync();

        Assert.True(await Inbox.TryRecordAsync(first, firstTx, "consumer", messageId));
        // The second replica's record waits on the first's uncommitted row instead of deciding blind.
        var secondRecords = Inbox.TryRecordAsync(second, secondTx, "consumer", messageId);
        await using (var observer = await _scratch.DataSource.OpenConnectionAsync())
        {
            await using var waiting = new NpgsqlCommand("SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = @pid", observer);
            waiting.Parameters.AddWithValue("pid", second.ProcessID);
            await Eventually.UntilAsync(async () => await waiting.ExecuteScalarAsync() is true, TimeSpan.FromSeconds(10),
                "the second replica waiting on the first's inbox row");
        }

        Assert.False(secondRecords.IsCompleted);

        if (firstCommits)
        {
            await firstTx.CommitAsync();
        }
        else
        {
            await firstTx.RollbackAsync(); // the first replica's effect failed: the message is still to be applied
        }

        Assert.Equal(!firstCommits, await secondRecords.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private ServiceProvider Bus(string prefix, ConcurrentQueue<long>? received) => RelayTestBus.Create(fixture.System, prefix, received);
}
