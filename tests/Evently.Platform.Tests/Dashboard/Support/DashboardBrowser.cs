using Microsoft.Playwright;

namespace Evently.Platform.Tests.Dashboard.Support;

/// <summary>
/// Debian's headless Chromium driven by Playwright (no browser download), one fresh browser context per test so no
/// dashboard cookie leaks from one test into another. Screenshots go to <c>TestResults/dashboard/</c> in the output folder.
/// </summary>
public sealed class DashboardBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private DashboardBrowser(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Context = context;
        Page = page;
    }

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "dashboard");

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public static async Task<DashboardBrowser> OpenAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
        // Two cores shared by the whole system: the dashboard's Blazor circuit can take a while to render.
        context.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(60_000);
        return new DashboardBrowser(playwright, browser, context, await context.NewPageAsync());
    }

    /// <summary>Opens the login URL (its token sets the auth cookie) and waits until the dashboard let the browser in.</summary>
    public async Task LoginAsync(Uri loginUrl)
    {
        await Page.GotoAsync(loginUrl.ToString());
        await Page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/login", StringComparison.Ordinal));
    }

    /// <summary>
    /// Opens <paramref name="url"/> and waits until <paramref name="ready"/> shows. The dashboard's Blazor circuit now and
    /// then dies while a page first renders (an ObjectDisposedException in its virtualized table, the kind of error
    /// microsoft/aspire#5027 describes, cured by a reload); a person reloads then, and so does this, a few times at most.
    /// </summary>
    public async Task OpenPageAsync(Uri url, ILocator ready, int attempts = 3)
    {
        var crashed = Page.Locator("#blazor-error-ui");
        for (var attempt = 1; ; attempt++)
        {
            await Page.GotoAsync(url.ToString());
            await Assertions.Expect(ready.Or(crashed).First).ToBeVisibleAsync();
            if (attempt == attempts || !await crashed.IsVisibleAsync())
            {
                await Assertions.Expect(ready).ToBeVisibleAsync();
                return;
            }
        }
    }

    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
