using System.Net;
using Microsoft.Playwright;

namespace Evently.Api.Tests.OpenApi;

/// <summary>The API reference page the gateway serves over its merged document, as a browser shows it.</summary>
[Collection(ApiCollection.Name)]
public sealed class DocsPageTests(ApiFixture fixture)
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [Fact]
    public async Task The_docs_page_is_served_by_the_gateway()
    {
        using var client = fixture.System.CreateGatewayClient();

        using var response = await client.GetAsync("docs");

        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {html}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>
    /// In headless Chromium, with no network beyond this machine: the page's script comes from the gateway itself, reads
    /// /openapi/v1.json and lists every service's part of the API (its tags in the sidebar: bookings, holds, tickets,
    /// the waiting room, the waitlist, webhooks, the gateway's identity routes ...).
    /// </summary>
    [Fact]
    public async Task The_docs_page_shows_every_services_operations_in_a_browser()
    {
        // The document is built on its first request; have it ready (and its failure explained) before the page asks.
        var document = await ServedDocument.FetchAsync(fixture.System);
        var tags = document.Operations().SelectMany(o => o.Operation["tags"]!.AsArray().Select(t => t!.GetValue<string>())).Distinct().ToList();
        Assert.Contains("Checkout holds", tags);
        Assert.Contains("Webhooks", tags);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });

        await page.GotoAsync(new Uri(fixture.System.GatewayUrl, "docs").ToString());

        foreach (var tag in tags)
        {
            await Assertions.Expect(page.GetByText(tag, new PageGetByTextOptions { Exact = true }).First).ToBeAttachedAsync(
                new LocatorAssertionsToBeAttachedOptions { Timeout = 60_000 });
        }

        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "docs");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "api-docs.png") });
    }
}
