using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Evently.Bench.Booking;
using Evently.Testing;

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
        var system = await EventlySystem.StartAsync(new EventlySystemOptions { BookingShards = 2 });
        try
        {
            var adminToken = await BenchApi.AdminTokenAsync(system);
            var admin = system.CreateGatewayClient(adminToken);
            var events = new List<Guid>();
            for (var i = 0; i < options.Events; i++)
            {
                events.Add(await BenchApi.CreateEventAsync(admin, 1_000));
            }

            var tokens = await BenchApi.RegisterUsersAsync(system, options.Users);
            return new SuiteContext(system, admin, events, tokens);
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
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
