using System.Net.Http.Json;
using System.Text.Json;

namespace Evently.AppHost.Commands;

/// <summary>
/// Dashboard commands act as the admin would: they log in through the gateway (the one public door) and call its API,
/// so what they show is what the API answers.
/// </summary>
internal static class GatewayAdmin
{
    public static async Task<HttpClient> LoginAsync(IResourceBuilder<ProjectResource> gateway, IResourceBuilder<ParameterResource> email,
        IResourceBuilder<ParameterResource> password, CancellationToken ct)
    {
        var http = new HttpClient { BaseAddress = new Uri(gateway.GetEndpoint("http").Url), Timeout = TimeSpan.FromSeconds(60) };
        var login = await http.PostAsJsonAsync("/api/v1/auth/login", new
        {
            email = await email.Resource.GetValueAsync(ct).ConfigureAwait(false),
            password = await password.Resource.GetValueAsync(ct).ConfigureAwait(false),
        }, ct).ConfigureAwait(false);
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(ct).ConfigureAwait(false)).GetProperty("token").GetString();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>The answer's JSON, indented, as a command result.</summary>
    public static async Task<ExecuteCommandResult> ResultAsync(HttpResponseMessage response, string message, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        var pretty = JsonSerializer.Serialize(JsonSerializer.Deserialize<JsonElement>(body), Indented);
        return response.IsSuccessStatusCode
            ? CommandResults.Success(message, pretty, CommandResultFormat.Json)
            : CommandResults.Failure($"HTTP {(int)response.StatusCode}", pretty, CommandResultFormat.Json);
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
