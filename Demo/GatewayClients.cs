using Evently.Client;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace Evently.Demo;

/// <summary>
/// Generated clients for one gateway: anonymous, or as a signed-in user (bearer token). They share one HttpClient,
/// Kiota's default middleware behind <see cref="TraceIds"/>, so every request carries its own trace.
/// </summary>
public sealed class GatewayClients : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _baseUrl;

    public GatewayClients(Uri gateway, TraceIds traces)
    {
        _baseUrl = gateway.ToString().TrimEnd('/');
        var handlers = KiotaClientFactory.CreateDefaultHandlers();
        handlers.Insert(0, traces);
        _http = KiotaClientFactory.Create(handlers);
        // A load test's figures and the first analytics report can take a while on a busy machine; not forever.
        _http.Timeout = TimeSpan.FromSeconds(60);
    }

    public EventlyApiClient Anonymous() => Create(new AnonymousAuthenticationProvider());

    public EventlyApiClient As(string token) => Create(new BaseBearerTokenAuthenticationProvider(new StaticToken(token)));

    private EventlyApiClient Create(IAuthenticationProvider authentication) =>
        new(new HttpClientRequestAdapter(authentication, httpClient: _http) { BaseUrl = _baseUrl });

    public void Dispose() => _http.Dispose();

    /// <summary>The token the gateway gave at sign-in, for every request of that user.</summary>
    private sealed class StaticToken(string token) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new();

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null,
            CancellationToken cancellationToken = default) => Task.FromResult(token);
    }
}
