using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Evently.BoxOffice.Tests.Webhooks;

/// <summary>One request a receiver got: the Standard Webhooks headers, the raw body and the parsed payload.</summary>
public sealed record ReceivedWebhook(string WebhookId, string Body, IHeaderDictionary Headers, int AnsweredStatus)
{
    public JsonElement Json => JsonSerializer.Deserialize<JsonElement>(Body);

    public string Type => Json.GetProperty("type").GetString()!;

    public JsonElement Data => Json.GetProperty("data");

    public override string ToString() => $"{WebhookId} {AnsweredStatus} {Body}";
}

/// <summary>
/// A real HTTP receiver (Kestrel on 127.0.0.1, a free port) that records every request and answers what
/// <see cref="Respond"/> says, given the request and how many times this webhook-id was seen (1 for the first).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _seen = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Every request, answered or not yet (a slow answer is recorded when it is sent).</summary>
    public ConcurrentQueue<ReceivedWebhook> Requests { get; } = new();

    /// <summary>Requests that arrived, including those still waiting for their answer.</summary>
    public int Arrived => _arrived;

    private int _arrived;

    public Func<HttpRequest, int, Task<int>> Respond { get; set; } = (_, _) => Task.FromResult(200);

    public string Url { get; private set; } = "";

    /// <summary>The requests answered 2xx, one per webhook-id (what a deduplicating receiver keeps).</summary>
    public IReadOnlyList<ReceivedWebhook> Accepted() =>
        Requests.Where(r => r.AnsweredStatus is >= 200 and < 300).GroupBy(r => r.WebhookId).Select(g => g.First()).ToList();

    public static async Task<WebhookReceiver> StartAsync(Func<HttpRequest, int, Task<int>>? respond = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        if (respond is not null)
        {
            receiver.Respond = respond;
        }

        app.MapPost("/hook", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref receiver._arrived);
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var id = request.Headers["webhook-id"].ToString();
            var nth = receiver._seen.AddOrUpdate(id, 1, (_, n) => n + 1);
            var status = await receiver.Respond(request, nth);
            var headers = new HeaderDictionary();
            foreach (var (key, value) in request.Headers)
            {
                headers[key] = value;
            }

            receiver.Requests.Enqueue(new ReceivedWebhook(id, body, headers, status));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/hook";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
    }
}
