using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evently.Hosting.Processes;
using Evently.Testing;
using Npgsql;

namespace Evently.Platform.Tests;

/// <summary>Whole-system stop/start on one state folder: data survives, nothing is left running, and a killed AppHost leaves nothing behind.</summary>
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

        // 2. AppHost as `./evently up` runs it, on the same folder; then it dies without stopping anything.
        IReadOnlyList<int> orphans;
        await using (var appHost = await AppHostProcess.StartAsync(_state, bookingShards: 1, TimeSpan.FromSeconds(180)))
        {
            orphans = appHost.ResourcePids();
            Assert.True(orphans.Count >= 10, $"only {orphans.Count} resource processes found:\n{appHost.Output}");
            await appHost.KillAsync();
        }

        // DCP watches AppHost's pid and stops everything it ran.
        await Eventually.UntilAsync(() => !orphans.Any(ProcFs.IsAlive), TimeSpan.FromSeconds(90),
            "every process of the killed AppHost stopped: " + string.Join(", ", orphans.Where(ProcFs.IsAlive).Select(ProcFs.CommandLine)));

        // 3. The next start runs on the same data, with the admin login given in AppHost's environment.
        await using var third = await EventlySystem.StartAsync(Options(fresh: false) with
        {
            AppHostEnvironment = new Dictionary<string, string> { ["EVENTLY_ADMIN_EMAIL"] = GivenAdmin, ["EVENTLY_ADMIN_PASSWORD"] = GivenPassword },
        });
        Assert.Equal(1L, await CountAsync(third, marker));
        Assert.Equal((GivenAdmin, GivenPassword), (third.AdminEmail, third.AdminPassword));
        using var gateway = third.CreateGatewayClient();
        using var login = await gateway.PostAsJsonAsync("api/v1/auth/login", new { email = GivenAdmin, password = GivenPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("admin", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("role").GetString());
    }

    private const string GivenAdmin = "ops@evently.test";
    private const string GivenPassword = "Given-by-the-operator-1";

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
