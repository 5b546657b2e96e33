using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Evently.Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Evently.Dashboard.Tests.Browser;

/// <summary>
/// The pages in a real browser against the dashboard alone, fed by the real OpenTelemetry SDK: a trace that
/// crosses two services, logs inside it, and metrics exported several times.
/// </summary>
public sealed partial class InProcessPagesTests : IAsyncLifetime
{
    private readonly string _name = "Evently.Ui." + Guid.NewGuid().ToString("N")[..8];
    private DashboardTestHost _host = null!;
    private BrowserSession _browser = null!;

    public async Task InitializeAsync()
    {
        _host = await DashboardTestHost.StartAsync();
        _browser = await BrowserSession.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _host.DisposeAsync();
    }

    private Action<OtlpExporterOptions> Http(string signal) => o =>
    {
        o.Protocol = OtlpExportProtocol.HttpProtobuf;
        o.Endpoint = new Uri(_host.BaseUrl, signal);
    };

    private TracerProvider Tracer(string service, string source) => Sdk.CreateTracerProviderBuilder()
        .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service)).AddSource(source)
        .AddOtlpExporter(Http("v1/traces")).Build();

    /// <summary>gateway → booking, with a log line in the booking span; returns the trace id.</summary>
    private string ExportCrossServiceTrace(string rootName)
    {
        using var gatewaySource = new ActivitySource(_name + ".gw");
        using var bookingSource = new ActivitySource(_name + ".bk");
        using var gateway = Tracer("gateway", gatewaySource.Name);
        using var booking = Tracer("booking", bookingSource.Name);
        using var logs = LoggerFactory.Create(b => b.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("booking"));
            o.IncludeFormattedMessage = true;
            o.AddOtlpExporter(Http("v1/logs"));
        }));

        string traceId;
        using (var root = gatewaySource.StartActivity(rootName, ActivityKind.Server)!)
        {
            traceId = root.TraceId.ToHexString();
            root.SetTag("http.route", "/api/v1/bookings");
            using var server = bookingSource.StartActivity("POST /api/v1/bookings", ActivityKind.Server)!;
            server.SetTag("booking.event_id", "e-42");
            logs.CreateLogger("Evently.Bookings").LogInformation("Booked {Quantity} seats", 2);
        }

        Assert.True(gateway.ForceFlush(10_000));
        Assert.True(booking.ForceFlush(10_000));
        return traceId;
    }

    private async Task LoginAsync()
    {
        var page = _browser.Page;
        await page.GotoAsync(new Uri(_host.BaseUrl, $"login?t={_host.Token}").ToString());
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Resources");
    }

    [Fact]
    public async Task Traces_list_detail_and_structured_logs_link_together_and_update_live()
    {
        var traceId = ExportCrossServiceTrace("POST /api/v1/bookings");
        await LoginAsync();
        var page = _browser.Page;

        await page.Locator("#nav-traces").ClickAsync();
        var row = page.Locator($"tr[data-trace-id='{traceId}']");
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(row.Locator("[data-testid=trace-span-count]")).ToHaveTextAsync("2");

        // Live: a trace exported while the page is open shows up without a reload.
        var second = ExportCrossServiceTrace("GET /api/v1/events");
        await Assertions.Expect(page.Locator($"tr[data-trace-id='{second}']")).ToBeVisibleAsync();

        await row.Locator("[data-testid=trace-link]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=span-row]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-testid=span-row][data-service=gateway]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=span-row][data-service=booking]")).ToHaveCountAsync(1);
        await page.Locator("[data-testid=span-row][data-service=booking] .span-label").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=span-details]")).ToContainTextAsync("booking.event_id");
        await _browser.ScreenshotAsync("inprocess-trace");

        await page.Locator("#nav-structured").ClickAsync();
        var log = page.Locator("[data-testid=log-row][data-service=booking]").Filter(new() { HasText = "Booked 2 seats" });
        await Assertions.Expect(log).ToHaveCountAsync(2);
        await log.First.Locator("[data-testid=log-trace-link]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(TraceUrl());
        await Assertions.Expect(page.Locator("#trace-summary")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Metrics_page_draws_a_chart_of_the_chosen_instrument()
    {
        using var meter = new Meter(_name);
        var counter = meter.CreateCounter<long>("bookings.confirmed");
        using var provider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("booking"))
            .AddMeter(_name).AddOtlpExporter(Http("v1/metrics")).Build();
        for (var i = 1; i <= 4; i++)
        {
            counter.Add(i * 10);
            Assert.True(provider.ForceFlush(10_000));
        }

        await LoginAsync();
        var page = _browser.Page;
        await page.Locator("#nav-metrics").ClickAsync();
        await page.Locator("#metrics-resource").SelectOptionAsync("booking");
        await page.Locator("[data-testid=instrument][data-instrument='bookings.confirmed']").ClickAsync();
        await Assertions.Expect(page.Locator("#instrument-title")).ToHaveTextAsync("bookings.confirmed");
        // plotly.js draws its SVG with one trace group per series.
        await Assertions.Expect(page.Locator("#metric-chart .main-svg .scatterlayer .trace")).ToHaveCountAsync(1);
        await _browser.ScreenshotAsync("inprocess-metrics");
    }

    [Fact]
    public async Task Without_the_token_the_browser_gets_the_401_page()
    {
        var response = await _browser.Page.GotoAsync(_host.BaseUrl + "traces");
        Assert.Equal(401, response!.Status);
        await Assertions.Expect(_browser.Page.Locator("#unauthorized h1")).ToContainTextAsync("401");
        await _browser.ScreenshotAsync("inprocess-unauthorized");
    }

    [GeneratedRegex("/traces/[0-9a-f]{32}$")]
    private static partial Regex TraceUrl();
}
