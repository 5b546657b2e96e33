using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Evently.Dashboard.Tests.Browser;
using Evently.ServiceDefaults;
using Evently.Testing;
using Microsoft.Playwright;

namespace Evently.Dashboard.Tests.FullSystem;

/// <summary>The dashboard of the whole system (AppHost booted once by the fixture), in headless Chromium.</summary>
[Collection(EventlySystemFixture.Collection)]
public sealed partial class SystemDashboardTests(EventlySystemFixture fixture) : IAsyncLifetime
{
    private static readonly string[] Consumers = ["events", "waitlist", "analytics"];
    private readonly EventlySystem _system = fixture.System;
    private BrowserSession _browser = null!;

    public async Task InitializeAsync() => _browser = await BrowserSession.StartAsync();

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    private IPage Page => _browser.Page;

    private async Task LoginAsync()
    {
        var response = await Page.GotoAsync(new Uri(_system.DashboardUrl, $"login?t={_system.DashboardToken}").ToString());
        Assert.Equal(200, response!.Status);
        await Assertions.Expect(Page.Locator("h1")).ToHaveTextAsync("Resources");
    }

    [Fact]
    public async Task Resources_page_shows_every_resource_healthy_with_pid_endpoints_and_the_shard_map()
    {
        await LoginAsync();
        var rows = Page.Locator("[data-testid=resource-row]");
        await Assertions.Expect(rows).ToHaveCountAsync(_system.Resources.Count);
        foreach (var resource in _system.Resources)
        {
            var row = Page.Locator($"[data-testid=resource-row][data-resource='{resource.Name}']");
            await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "Healthy");
            await Assertions.Expect(row.Locator("[data-testid=resource-pid]")).ToHaveTextAsync(Digits());
        }

        var gateway = Page.Locator("[data-testid=resource-row][data-resource=gateway]");
        await Assertions.Expect(gateway.Locator($"a[href^='{_system.GatewayUrl.ToString().TrimEnd('/')}']")).ToHaveCountAsync(1);
        await Assertions.Expect(Page.Locator("[data-testid=shard-row]")).ToHaveCountAsync(_system.BookingShards);
        await _browser.ScreenshotAsync("resources");
    }

    [Fact]
    public async Task Console_page_tails_a_service_log_searches_and_downloads_it()
    {
        await LoginAsync();
        await Page.Locator("[data-testid=resource-row][data-resource=booking] [data-testid=console-link]").ClickAsync();
        await Assertions.Expect(Page.Locator("#console-log")).ToHaveAttributeAsync("data-resource", "booking");
        var lines = Page.Locator("[data-testid=console-line]");
        await Assertions.Expect(lines.First).ToBeVisibleAsync();

        // Live tail: AppHost probes /health every second and the service logs each request, so new lines
        // keep arriving while the page is open.
        var before = await lines.CountAsync();
        await Assertions.Expect(lines).Not.ToHaveCountAsync(before);
        await _browser.ScreenshotAsync("console");

        var sample = (await lines.Last.InnerTextAsync()).Split(' ', StringSplitOptions.RemoveEmptyEntries).Last();
        await Page.Locator("#console-search").FillAsync(sample);
        await Assertions.Expect(lines.First).ToContainTextAsync(sample);

        var download = await Page.Context.APIRequest.GetAsync(await Page.Locator("#console-download").GetAttributeAsync("href") is { } href
            ? new Uri(_system.DashboardUrl, href).ToString()
            : throw new InvalidOperationException("no download link"));
        Assert.Equal(200, download.Status);
        Assert.Contains(sample, await download.TextAsync(), StringComparison.Ordinal);
        await _browser.ScreenshotAsync("console-search");
    }

    [Fact]
    public async Task A_booking_through_the_gateway_is_one_trace_from_gateway_to_booking_and_a_consumer()
    {
        var (capacity, quantity) = (10, 2);
        using var admin = await _system.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity);
        var user = await _system.CreateGatewayClient().RegisterUserAsync();
        using var client = _system.CreateGatewayClient(user.Token);

        // The booking service learns of a new event by message: book once to know it is bookable ...
        await Eventually.UntilAsync(async () =>
        {
            using var attempt = await BookAsync(client, eventId, quantity, Guid.NewGuid().ToString(), traceParent: null);
            return attempt.StatusCode == HttpStatusCode.Created;
        }, TimeSpan.FromSeconds(60), "the event to become bookable");

        // ... then book again inside a trace whose id the test chose, so it can find exactly that trace.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using (var booked = await BookAsync(client, eventId, quantity, Guid.NewGuid().ToString(),
                   $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01"))
        {
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        }

        await LoginAsync();
        await Page.Locator("#nav-traces").ClickAsync();
        var row = Page.Locator($"tr[data-trace-id='{traceId}']");
        // Spans arrive over a few export intervals (and the consumers after the outbox relay publishes).
        await Assertions.Expect(row).ToHaveAttributeAsync("data-services", ConsumerAlongside(),
            new LocatorAssertionsToHaveAttributeOptions { Timeout = 90_000 });
        await row.Locator("[data-testid=trace-link]").ClickAsync();

        await Assertions.Expect(Page.Locator("[data-testid=span-row][data-service=gateway]").First).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-testid=span-row][data-service=booking]").First).ToBeVisibleAsync();
        var consumerSpans = Page.Locator(string.Join(", ", Consumers.Select(c => $"[data-testid=span-row][data-service={c}]")));
        Assert.True(await consumerSpans.CountAsync() > 0);
        await Page.Locator("[data-testid=span-row][data-service=booking] .span-label").First.ClickAsync();
        await Assertions.Expect(Page.Locator("[data-testid=span-details]").First).ToBeVisibleAsync();
        await _browser.ScreenshotAsync("trace");
    }

    [Fact]
    public async Task Metrics_page_charts_an_instrument_of_a_service()
    {
        await LoginAsync();
        await Page.Locator("#nav-metrics").ClickAsync();
        await Page.Locator("#metrics-resource").SelectOptionAsync("gateway");
        await Page.Locator("[data-testid=instrument][data-instrument='http.server.request.duration']").ClickAsync();
        await Assertions.Expect(Page.Locator("#instrument-title")).ToHaveTextAsync("http.server.request.duration");
        // Health probes hit every service each second, so request durations keep coming: p50, p95, p99 lines.
        await Assertions.Expect(Page.Locator("#metric-chart")).Not.ToHaveAttributeAsync("data-points", "0",
            new LocatorAssertionsToHaveAttributeOptions { Timeout = 60_000 });
        await Assertions.Expect(Page.Locator("#metric-chart .main-svg .scatterlayer .trace")).ToHaveCountAsync(3);
        await _browser.ScreenshotAsync("metrics");
    }

    [Fact]
    public async Task Structured_logs_come_from_the_services()
    {
        await LoginAsync();
        await Page.Locator("#nav-structured").ClickAsync();
        await Assertions.Expect(Page.Locator("[data-testid=log-row]").First).ToBeVisibleAsync();
        await Page.Locator("#logs-resource").SelectOptionAsync("booking");
        await Assertions.Expect(Page.Locator("[data-testid=log-row][data-service=booking]").First).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-testid=log-row]:not([data-service=booking])")).ToHaveCountAsync(0);
        await _browser.ScreenshotAsync("structured-logs");
    }

    [Fact]
    public async Task Without_the_token_pages_and_apis_answer_401()
    {
        var response = await Page.GotoAsync(_system.DashboardUrl.ToString());
        Assert.Equal(401, response!.Status);
        await Assertions.Expect(Page.Locator("#unauthorized")).ToBeVisibleAsync();
        await _browser.ScreenshotAsync("unauthorized");

        using var http = new HttpClient { BaseAddress = _system.DashboardUrl };
        foreach (var path in new[] { "traces", "_dashboard/api/resources", "api/resources" })
        {
            using var answer = await http.GetAsync(path);
            Assert.True(answer.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {answer.StatusCode}");
        }
    }

    private static Task<HttpResponseMessage> BookAsync(HttpClient client, Guid eventId, int quantity, string idempotencyKey, string? traceParent)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/bookings")
        {
            Content = JsonContent.Create(new { event_id = eventId, quantity }, options: EventlyJson.Options),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (traceParent is not null)
        {
            request.Headers.Add("traceparent", traceParent);
        }

        return client.SendAsync(request);
    }

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex Digits();

    /// <summary>data-services lists the trace's services sorted: gateway and booking and at least one consumer.</summary>
    private static Regex ConsumerAlongside() =>
        new(@"^(?=.*\bbooking\b)(?=.*\bgateway\b)(?=.*\b(events|waitlist|analytics)\b).*$");
}
