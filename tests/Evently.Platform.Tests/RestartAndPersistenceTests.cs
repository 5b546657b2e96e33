using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evently.Hosting.Processes;
using Evently.Testing;

namespace Evently.Platform.Tests;

/// <summary>
/// Whole-system stop/start on one state folder: a graceful stop leaves nothing running, the next start (as
/// <c>./evently up</c> runs it) serves the same data with the admin login given in its environment, and a killed AppHost
/// leaves nothing behind.
/// </summary>
public sealed class RestartAndPersistenceTests : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), "evently-persist-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Data_survives_a_full_restart_and_a_killed_apphost_leaves_nothing_behind()
    {
        var name = $"Persisted {Guid.NewGuid():N}";

        // 1. Fresh system: create an event, stop everything gracefully, check every pid is gone.
        var first = await EventlySystem.StartAsync(new() { StateDirectory = _state, Fresh = true, KeepStateDirectory = true, BookingShards = 1 });
        IReadOnlyCollection<int> firstPids;
        Guid eventId;
        await using (first)
        {
            using var admin = await first.CreateAdminClientAsync();
            eventId = await admin.CreateEventAsync(capacity: 10, name: name);
            firstPids = first.SeenPids.ToList();
            await first.StopAsync();
        }

        Assert.NotEmpty(firstPids);
        Assert.All(firstPids, pid => Assert.False(ProcFs.IsAlive(pid), $"pid {pid} survived the stop"));

        // 2. AppHost as `./evently up` runs it, on the same folder, with an admin login given in its environment.
        IReadOnlyList<int> orphans;
        var environment = new Dictionary<string, string> { ["EVENTLY_ADMIN_EMAIL"] = GivenAdmin, ["EVENTLY_ADMIN_PASSWORD"] = GivenPassword };
        await using (var appHost = await AppHostProcess.StartAsync(_state, bookingShards: 1, TimeSpan.FromSeconds(180), environment))
        {
            using var gateway = appHost.CreateGatewayClient();
            using (var detail = await gateway.GetAsync($"api/v1/events/{eventId}"))
            {
                Assert.Equal(HttpStatusCode.OK, detail.StatusCode);
                Assert.Equal(name, (await detail.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
            }

            using (var login = await gateway.PostAsJsonAsync("api/v1/auth/login", new { email = GivenAdmin, password = GivenPassword }))
            {
                Assert.Equal(HttpStatusCode.OK, login.StatusCode);
                Assert.Equal("admin", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("role").GetString());
            }

            // 3. Then it dies without stopping anything.
            orphans = appHost.ResourcePids();
            Assert.True(orphans.Count >= 10, $"only {orphans.Count} resource processes found:\n{appHost.Output}");
            await appHost.KillAsync();
        }

        // DCP watches AppHost's pid and stops everything it ran.
        await Eventually.UntilAsync(() => !orphans.Any(ProcFs.IsAlive), TimeSpan.FromSeconds(90),
            "every process of the killed AppHost stopped: " + string.Join(", ", orphans.Where(ProcFs.IsAlive).Select(ProcFs.CommandLine)));
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
}
