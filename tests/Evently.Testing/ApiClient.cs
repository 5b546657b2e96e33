using System.Net.Http.Json;
using System.Text.Json;
using Evently.ServiceDefaults;

namespace Evently.Testing;

/// <summary>A user registered through the gateway.</summary>
public sealed record RegisteredUser(string Token, Guid UserId, string Email, string Password)
{
    /// <summary><c>var (token, userId, email) = await client.RegisterUserAsync();</c></summary>
    public void Deconstruct(out string token, out Guid userId, out string email)
    {
        token = Token;
        userId = UserId;
        email = Email;
    }
}

/// <summary>Helpers for the public API through the gateway (snake_case JSON, DESIGN.md §2).</summary>
public static class ApiClient
{
    private static readonly SemaphoreSlim AdminGate = new(1, 1);
    private static readonly Dictionary<string, string> AdminTokens = [];

    /// <summary>POST /api/v1/auth/register with a fresh unique email; returns its token and id.</summary>
    public static async Task<RegisteredUser> RegisterUserAsync(this HttpClient client, string? email = null, string password = "Passw0rd!-test",
        string? name = null, CancellationToken ct = default)
    {
        email ??= $"user-{Guid.NewGuid():N}@test.evently";
        using var response = await client.PostAsJsonAsync("api/v1/auth/register",
            new { email, password, name = name ?? "Test User" }, EventlyJson.Options, ct).ConfigureAwait(false);
        var body = await ReadAsync(response, "register", ct).ConfigureAwait(false);
        var token = body.GetProperty("token").GetString()!;
        var id = body.GetProperty("user").GetProperty("id").GetGuid();
        return new RegisteredUser(token, id, email, password);
    }

    /// <summary>POST /api/v1/auth/login; returns the token.</summary>
    public static async Task<string> LoginAsync(this HttpClient client, string email, string password, CancellationToken ct = default)
    {
        using var response = await client.PostAsJsonAsync("api/v1/auth/login", new { email, password }, EventlyJson.Options, ct)
            .ConfigureAwait(false);
        var body = await ReadAsync(response, "login", ct).ConfigureAwait(false);
        return body.GetProperty("token").GetString()!;
    }

    /// <summary>The admin's token (the admin AppHost seeds through the gateway), cached per system.</summary>
    public static async Task<string> AdminTokenAsync(this EventlySystem system, CancellationToken ct = default)
    {
        await AdminGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var key = system.GatewayUrl.ToString();
            if (!AdminTokens.TryGetValue(key, out var token))
            {
                using var client = system.CreateGatewayClient();
                AdminTokens[key] = token = await client.LoginAsync(system.AdminEmail, system.AdminPassword, ct).ConfigureAwait(false);
            }

            return token;
        }
        finally
        {
            AdminGate.Release();
        }
    }

    /// <summary>A gateway client authenticated as the admin.</summary>
    public static async Task<HttpClient> CreateAdminClientAsync(this EventlySystem system, CancellationToken ct = default) =>
        system.CreateGatewayClient(await system.AdminTokenAsync(ct).ConfigureAwait(false));

    /// <summary>POST /api/v1/events as admin; returns the new event's id.</summary>
    public static async Task<Guid> CreateEventAsync(this HttpClient adminClient, int capacity, string? name = null, decimal price = 49.99m,
        DateTimeOffset? startsAt = null, string currency = "USD", string venue = "Test Arena", CancellationToken ct = default)
    {
        var starts = startsAt ?? DateTimeOffset.UtcNow.AddDays(30);
        using var response = await adminClient.PostAsJsonAsync("api/v1/events", new
        {
            name = name ?? $"Test event {Guid.NewGuid():N}",
            description = "Created by a test",
            venue,
            starts_at = starts.UtcDateTime,
            ends_at = starts.AddHours(3).UtcDateTime,
            total_capacity = capacity,
            price,
            currency,
        }, EventlyJson.Options, ct).ConfigureAwait(false);
        var body = await ReadAsync(response, "create event", ct).ConfigureAwait(false);
        var node = body.TryGetProperty("event", out var wrapped) ? wrapped : body;
        return node.GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{what}: HTTP {(int)response.StatusCode}: {text}", null, response.StatusCode);
        }

        return JsonSerializer.Deserialize<JsonElement>(text);
    }
}
