using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Evently.Bench.Booking;
using Evently.Bench.Load;
using Evently.Testing;
using Npgsql;

namespace Evently.Bench.Report;

/// <summary>One booted system shared by the listing, gateway and mixed scenarios: seeded events, users, the admin.</summary>
public sealed class SuiteContext : IAsyncDisposable
{
    private SuiteContext(EventlySystem system, HttpClient admin, IReadOnlyList<Guid> events, IReadOnlyList<string> tokens)
    {
        System = system;
        Admin = admin;
        Events = events;
        Tokens = tokens;
    }

    public EventlySystem System { get; }

    public HttpClient Admin { get; }

    /// <summary>Events seeded so the listing has a realistic page to serve.</summary>
    public IReadOnlyList<Guid> Events { get; }

    public IReadOnlyList<string> Tokens { get; }

    /// <summary>The listing request every scenario measures (one page of 20 events).</summary>
    public const string ListingPath = "api/v1/events?page_size=20";

    public static async Task<SuiteContext> StartAsync(SuiteOptions options)
    {
        var system = await BenchSystem.StartAsync(reads: options.Reads);
        try
        {
            var adminToken = await BenchApi.AdminTokenAsync(system);
            var admin = system.CreateGatewayClient(adminToken);
            var events = new List<Guid>();
            for (var i = 0; i < options.Events; i++)
            {
                events.Add(await BenchApi.CreateEventAsync(admin, 1_000));
            }

            await SeedCatalogueAsync(system, options.Catalogue);
            var tokens = await BenchApi.RegisterUsersAsync(system, options.Users);
            return new SuiteContext(system, admin, events, tokens);
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A realistic catalogue behind the listing: <paramref name="count"/> scheduled events over the next two years,
    /// written straight into the events database (the API would take minutes; these events are only browsed, never
    /// booked). A cache miss then costs what it costs in production: the page and its total over a large table.
    /// </summary>
    private static async Task SeedCatalogueAsync(EventlySystem system, int count)
    {
        await using var db = new NpgsqlConnection(system.ConnectionString("events-db"));
        await db.ExecuteAsync(
            """
            INSERT INTO events (id, name, description, venue, starts_at, ends_at, total_capacity, available_seats, price)
            SELECT gen_random_uuid(), 'Catalogue event ' || g, 'Seeded for the listing benchmark', 'Venue ' || (g % 500),
                   now() + make_interval(days => 1 + g % 700, mins => g % 1440),
                   now() + make_interval(days => 1 + g % 700, mins => g % 1440, hours => 3),
                   1000, 1000, 25
            FROM generate_series(1, @count) AS g;
            """, new { count }, commandTimeout: 600);
        // What autovacuum would have done to a catalogue that grew over months (visibility map for index-only scans).
        await db.ExecuteAsync("VACUUM ANALYZE events", commandTimeout: 600);
    }

    /// <summary>GETs <paramref name="path"/> once through the gateway and returns the body (warms the cache too).</summary>
    public async Task<(byte[] Body, bool? Cached)> FetchAsync(string path)
    {
        using var client = System.CreateGatewayClient();
        var body = await client.GetByteArrayAsync(path);
        var cached = JsonNode.Parse(body)?["cached"]?.GetValue<bool>();
        return (body, cached);
    }

    public async Task<JsonObject> ConsistencyAsync()
    {
        using var response = await Admin.GetAsync("api/v1/admin/consistency");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await System.DisposeAsync();
    }
}
