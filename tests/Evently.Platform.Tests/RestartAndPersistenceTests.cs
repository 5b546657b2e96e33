using Evently.Hosting.Processes;
using Evently.Testing;
using Npgsql;

namespace Evently.Platform.Tests;

/// <summary>Whole-system stop/start on one state folder: data survives, nothing is left running, a killed AppHost is cleaned up after.</summary>
public sealed class RestartAndPersistenceTests : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), "evently-persist-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Data_survives_a_full_restart_and_a_killed_apphost_leaves_nothing_behind()
    {
        var marker = Guid.NewGuid();

        // 1. Fresh system: write a row, stop everything gracefully, check every pid is gone.
        var first = await EventlySystem.StartAsync(Options(fresh: true));
        IReadOnlyCollection<int> firstPids;
        await using (first)
        {
            await ExecuteAsync(first, "CREATE TABLE IF NOT EXISTS platform_probe (id uuid PRIMARY KEY)");
            await ExecuteAsync(first, $"INSERT INTO platform_probe VALUES ('{marker}')");
            firstPids = first.SeenPids.ToList();
            await first.StopAsync();
        }

        Assert.NotEmpty(firstPids);
        Assert.All(firstPids, pid => Assert.False(ProcFs.IsAlive(pid), $"pid {pid} survived the stop"));

        // 2. Same folder again: the row is there. Then AppHost dies without stopping anything.
        var second = await EventlySystem.StartAsync(Options(fresh: false));
        IReadOnlyList<int> orphans;
        await using (second)
        {
            Assert.Equal(1L, await CountAsync(second, marker));
            orphans = second.Resources.Select(r => r.Pid!.Value).ToList();
            await second.KillAppHostAsync();
            Assert.False(ProcFs.IsAlive(second.AppHostPid));
            // Orphans outlive it (a few may die on their closed console pipe; enough remain to clean up).
            Assert.Contains(orphans, ProcFs.IsAlive);
        }

        // 3. The next start finds and stops what the killed AppHost left, and the data is still there.
        await using var third = await EventlySystem.StartAsync(Options(fresh: false));
        Assert.All(orphans, pid => Assert.False(ProcFs.IsAlive(pid), $"pid {pid} left by the killed AppHost is still alive"));
        Assert.Equal(1L, await CountAsync(third, marker));
        Assert.Contains("left by a previous run", third.AppHostOutput, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_state))
        {
            Directory.Delete(_state, recursive: true);
        }
    }

    private EventlySystemOptions Options(bool fresh) =>
        new() { StateDirectory = _state, Fresh = fresh, KeepStateDirectory = true, BookingShards = 1 };

    private static async Task ExecuteAsync(EventlySystem system, string sql)
    {
        await using var connection = new NpgsqlConnection(system.ConnectionString("events-db"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(EventlySystem system, Guid marker)
    {
        await using var connection = new NpgsqlConnection(system.ConnectionString("events-db"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM platform_probe WHERE id = '{marker}'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
