using Evently.BookingService.Sharding;
using Evently.BookingService.Shedding;
using Evently.BookingService.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Evently.Booking.Tests;

/// <summary>
/// The shard gate's line follows the rate the shard drains it at: a newcomer waits only if the line ahead would drain
/// within the target wait, and is refused at once otherwise. Pure: the gate never touches the shard it guards.
/// </summary>
public sealed class ShardGateTests : IDisposable
{
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(1);

    private readonly FakeTimeProvider _time = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create("Host=unused.invalid");
    private readonly ShardGate _gate;
    private readonly Shard _shard;

    public ShardGateTests()
    {
        _gate = NewGate(maxQueue: 100, TimeSpan.FromMinutes(5), Target);
        _shard = new Shard(0, "booking-db-0", _dataSource);
    }

    [Fact]
    public async Task Before_any_rate_is_known_the_static_line_decides()
    {
        using var running = await EnterAsync();
        Assert.Null(running.Refusal);

        var waiting = _gate.EnterAsync(_shard, CancellationToken.None);
        Assert.False(waiting.IsCompleted, "with no rate measured yet the newcomer takes a place in line");

        running.Dispose();
        using var admitted = await waiting;
        Assert.Null(admitted.Refusal);
    }

    [Fact]
    public async Task A_line_that_does_not_drain_refuses_newcomers_at_once()
    {
        using var stuck = await EnterAsync();
        _time.Advance(TimeSpan.FromSeconds(1)); // a half-second sample in which nothing finished

        using var refused = await EnterAsync();
        Assert.Equal(ShardGate.FullDetail, refused.Refusal);

        // An empty line takes a newcomer whatever the last rate: a line with nothing to do measured nothing.
        stuck.Dispose();
        using var admitted = await EnterAsync();
        Assert.Null(admitted.Refusal);
    }

    [Fact]
    public async Task The_line_holds_what_drains_within_the_target_wait_at_the_measured_rate()
    {
        // Four requests finish in one second: the shard drains four a second.
        for (var i = 0; i < 4; i++)
        {
            using var quick = await EnterAsync();
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        using var running = await EnterAsync();
        Assert.Null(running.Refusal);

        // At four a second the target wait of one second holds four in line: the running one and three waiting.
        var line = Enumerable.Range(0, 3).Select(_ => _gate.EnterAsync(_shard, CancellationToken.None)).ToArray();
        Assert.All(line, waiting => Assert.False(waiting.IsCompleted, "a place within the target wait is a place in line"));

        using var fifth = await EnterAsync();
        Assert.Equal(ShardGate.FullDetail, fifth.Refusal);

        running.Dispose();
        foreach (var waiting in line)
        {
            using var admitted = await waiting;
            Assert.Null(admitted.Refusal);
        }
    }

    [Fact]
    public async Task A_waiter_still_in_line_at_twice_the_target_wait_is_refused_and_never_run()
    {
        using var running = await EnterAsync();
        var waiting = _gate.EnterAsync(_shard, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        _time.Advance(Target * 2);
        using var refused = await waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(refused.Refusal);
        Assert.Contains("waited 2 s for its turn", refused.Refusal, StringComparison.Ordinal);

        // Its place was given up: the next one in gets the slot as soon as the running one is done.
        running.Dispose();
        using var next = await EnterAsync();
        Assert.Null(next.Refusal);
    }

    [Fact]
    public async Task A_zero_target_leaves_the_static_bounds_alone_to_decide()
    {
        using var gate = NewGate(maxQueue: 1, TimeSpan.FromSeconds(3), TimeSpan.Zero);
        using var stuck = await gate.EnterAsync(_shard, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1)); // nothing finished: with a target this would refuse the next at once

        var waiting = gate.EnterAsync(_shard, CancellationToken.None);
        Assert.False(waiting.IsCompleted, "the one place in line is taken, whatever the shard drained");
        using var full = await gate.EnterAsync(_shard, CancellationToken.None);
        Assert.Equal(ShardGate.FullDetail, full.Refusal);

        // The waiter leaves at the longest wait, not at twice a target.
        _time.Advance(TimeSpan.FromSeconds(3));
        using var refused = await waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("waited 3 s for its turn", refused.Refusal, StringComparison.Ordinal);
    }

    private ValueTask<Admission> EnterAsync() => _gate.EnterAsync(_shard, CancellationToken.None);

    /// <summary>A gate of one running booking on the fake clock.</summary>
    private ShardGate NewGate(int maxQueue, TimeSpan maxWait, TimeSpan target) =>
        new("booking", true, maxInFlight: 1, maxQueue, maxWait, target,
            new BookingMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), _time);

    public void Dispose()
    {
        _gate.Dispose();
        _dataSource.Dispose();
        _services.Dispose();
    }
}
