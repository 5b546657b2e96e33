using Evently.Platform.Tests.Dashboard.Support;
using Evently.Testing;
using Microsoft.Playwright;

namespace Evently.Platform.Tests.Dashboard;

/// <summary>What an operator sees: every resource on the Resources page, and a booking's trace across the services.</summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class DashboardPageTests(PlatformFixture fixture) : IAsyncLifetime
{
    private static readonly PageGetByTextOptions Exact = new() { Exact = true };
    private readonly EventlySystem _system = fixture.System;
    private DashboardBrowser _browser = null!;

    public async Task InitializeAsync() => _browser = await DashboardBrowser.OpenAsync();

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task Resources_page_lists_every_resource_and_the_trace_page_shows_a_booking_from_gateway_to_analytics()
    {
        var booking = await BookingFlow.BookAsync(_system);
        var page = _browser.Page;
        await _browser.LoginAsync(await _system.GetDashboardLoginUrlAsync());

        var names = _system.Resources.Select(r => r.Name).ToList();
        Assert.Superset(new HashSet<string>(["gateway", "events", "booking", "waitlist", "analytics", "booking-db-0", "booking-db-1", "cache", "messaging"]),
            names.ToHashSet());
        ILocator Row(string name) => page.GetByRole(AriaRole.Gridcell).GetByText(name, new LocatorGetByTextOptions { Exact = true }).First;
        await _browser.OpenPageAsync(await TelemetryApi.DashboardUrlAsync(_system), Row("gateway"));
        foreach (var name in names)
        {
            await Assertions.Expect(Row(name)).ToBeVisibleAsync();
        }

        await _browser.ScreenshotAsync("resources");

        // The detail page renders what the dashboard holds when it opens, so wait until analytics (the last consumer) has reported.
        using var api = await TelemetryApi.ConnectAsync(_system);
        await Eventually.UntilAsync(async () => (await api.TraceAsync(booking.TraceId)).Any(s => s.Service == "analytics"),
            TimeSpan.FromSeconds(90), $"analytics spans in trace {booking.TraceId}");
        await _browser.OpenPageAsync(new Uri(await TelemetryApi.DashboardUrlAsync(_system), $"traces/detail/{booking.TraceId}"),
            page.GetByText("gateway", Exact).First);
        await Assertions.Expect(page.GetByText("analytics", Exact).First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("outbox publish BookingsConfirmed", Exact)).ToBeVisibleAsync();
        await _browser.ScreenshotAsync("booking-trace");
    }
}
