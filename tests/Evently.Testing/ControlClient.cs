using System.Net.Http.Headers;
using System.Net.Http.Json;
using Evently.Hosting;

namespace Evently.Testing;

/// <summary>AppHost's control API (<c>/api/resources/...</c> on the dashboard port), with the dashboard token.</summary>
internal sealed class ControlClient : IDisposable
{
    private readonly HttpClient _http;

    public ControlClient(Uri dashboardUrl, string token)
    {
        _http = new HttpClient { BaseAddress = dashboardUrl, Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public ResourceSnapshot Get(string resource)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/resources/{resource}");
        using var response = _http.Send(request, cts.Token);
        return Read(response, resource, cts.Token).GetAwaiter().GetResult();
    }

    public async Task<ResourceSnapshot> GetAsync(string resource, CancellationToken ct)
    {
        using var response = await _http.GetAsync($"api/resources/{resource}", ct).ConfigureAwait(false);
        return await Read(response, resource, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ResourceSnapshot>> ListAsync(CancellationToken ct) =>
        await _http.GetFromJsonAsync<List<ResourceSnapshot>>("api/resources", HostingJson.Options, ct).ConfigureAwait(false) ?? [];

    public async Task<ResourceSnapshot> ActAsync(string resource, string action, IDictionary<string, string>? environment, CancellationToken ct)
    {
        using var content = JsonContent.Create(new { environment });
        using var response = await _http.PostAsync($"api/resources/{resource}/{action}", content, ct).ConfigureAwait(false);
        return await Read(response, resource, ct).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    private static async Task<ResourceSnapshot> Read(HttpResponseMessage response, string resource, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            throw new InvalidOperationException($"AppHost control API: {resource}: HTTP {(int)response.StatusCode}: {body}");
        }

        return await response.Content.ReadFromJsonAsync<ResourceSnapshot>(HostingJson.Options, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"AppHost control API returned nothing for {resource}.");
    }
}
