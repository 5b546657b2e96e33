using Evently.ServiceDefaults;
using Evently.ServiceDefaults.OpenApi;
using Microsoft.Extensions.Http.Resilience;
using Scalar.AspNetCore;

namespace Evently.Gateway.OpenApi;

/// <summary>
/// The public API's description: <c>GET /openapi/v1.json</c> (every service's <c>/api/v1</c> routes and the gateway's
/// own, merged) and <c>GET /docs</c>, an API reference page (Scalar) reading it.
/// </summary>
public static class GatewayOpenApi
{
    public const string DocsPath = "/docs";

    public static WebApplicationBuilder AddGatewayOpenApi(this WebApplicationBuilder builder)
    {
        builder.AddEventlyOpenApi("Evently gateway");
        builder.Services.AddHttpClient(DocumentSources.ClientName, c => c.Timeout = TimeSpan.FromSeconds(90));
        // A service generates its document on the first request, which on a cold, busy machine can outlast the
        // standard 10 s attempt: give it time rather than cancel and start the same work again.
        builder.Services.Configure<HttpStandardResilienceOptions>($"{DocumentSources.ClientName}-standard", o =>
        {
            o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(30);
            o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(75);
            o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(60);
        });
        builder.Services.AddSingleton<DocumentSources>();
        builder.Services.AddSingleton<MergedDocument>();
        return builder;
    }

    public static WebApplication MapGatewayOpenApi(this WebApplication app)
    {
        app.MapGet(OpenApiRegistration.DocumentPath, ServeAsync).ExcludeFromDescription();
        // Scalar's defaults read document "v1" from /openapi/{documentName}.json: the merged document above.
        app.MapScalarApiReference(DocsPath, options => options.Title = "Evently API");
        return app;
    }

    private static async Task<IResult> ServeAsync(MergedDocument document, ILogger<MergedDocument> logger, CancellationToken ct)
    {
        try
        {
            return Results.Text(await document.GetJsonAsync(ct), "application/json; charset=utf-8");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidDataException && !ct.IsCancellationRequested)
        {
            // A partial document would mislead a client generator: say which part is missing instead.
            logger.LogWarning(e, "The merged OpenAPI document could not be built");
            return EventlyResults.ServiceUnavailable($"The API description cannot be assembled right now: {e.Message}");
        }
    }
}
