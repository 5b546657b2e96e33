using System.Text.RegularExpressions;
using Evently.Platform.Tests.Dashboard.Support;
using Evently.Testing;
using Microsoft.Playwright;

namespace Evently.Platform.Tests.Dashboard;

/// <summary>
/// Our own instruments reach the dashboard. Its HTTP API has no metrics (microsoft/aspire#16266), so the test reads
/// the metrics page the way a person would, in headless Chromium.
/// </summary>
[Collection(EventlySystemFixture.Collection)]
public sealed partial class CustomMetricTests(PlatformFixture fixture) : IAsyncLifetime
{
    private readonly EventlySystem _system = fixture.System;
    private DashboardBrowser _browser = null!;

    public async Task InitializeAsync() => _browser = await DashboardBrowser.OpenAsync();

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task The_bookings_confirmed_counter_shows_a_count_in_the_metrics_table()
    {
        // At least this booking has been counted, whichever tests ran before.
        await BookingFlow.BookAsync(_system);
        await _browser.LoginAsync(await _system.GetDashboardLoginUrlAsync());
        var dashboard = await TelemetryApi.DashboardUrlAsync(_system);
        var page = _browser.Page;
        // The value column holds the number in a span, next to an icon whose title says how it changed.
        var count = page.Locator("#metric-table-container td[role=gridcell][col-index='2'] > span")
            .Filter(new LocatorFilterOptions { HasTextRegex = PositiveCount() }).Last;
        await _browser.OpenPageAsync(new Uri(dashboard,
            "metrics/resource/booking?meter=Evently.Booking&instrument=evently.booking.confirmed&view=Table"), count);

        await Assertions.Expect(page.GetByText("evently.booking.confirmed", new PageGetByTextOptions { Exact = true }).First).ToBeVisibleAsync();
        // The instrument's description and unit ({booking} → "Bookings") come from BookingMetrics, so this is our counter.
        await Assertions.Expect(page.GetByText("Bookings confirmed", new PageGetByTextOptions { Exact = true })).ToBeVisibleAsync();
        await _browser.ScreenshotAsync("metrics-bookings-confirmed");
    }

    [GeneratedRegex(@"^\s*[1-9][0-9]*\s*$")]
    private static partial Regex PositiveCount();
}
