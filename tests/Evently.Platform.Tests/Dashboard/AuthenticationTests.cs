using System.Net;
using Evently.Platform.Tests.Dashboard.Support;
using Evently.Testing;

namespace Evently.Platform.Tests.Dashboard;

/// <summary>The dashboard shows our data only to whoever holds its token (pages) or its API key (telemetry API).</summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class AuthenticationTests(PlatformFixture fixture)
{
    private readonly EventlySystem _system = fixture.System;

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-key")]
    public async Task The_telemetry_api_refuses_a_request_without_the_right_key(string? key)
    {
        using var http = new HttpClient { BaseAddress = await TelemetryApi.DashboardUrlAsync(_system) };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Add(TelemetryApi.KeyHeader, key);
        }

        foreach (var path in new[] { "api/telemetry/traces", "api/telemetry/logs?resource=booking", "api/telemetry/resources" })
        {
            using var response = await http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_browser_without_the_token_is_sent_to_the_login_page()
    {
        var dashboard = await TelemetryApi.DashboardUrlAsync(_system);
        using (var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = dashboard })
        {
            using var response = await http.GetAsync("traces");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/login", new Uri(dashboard, response.Headers.Location!).AbsolutePath);
        }

        await using var browser = await DashboardBrowser.OpenAsync();
        await browser.Page.GotoAsync(dashboard.ToString());
        Assert.Equal("/login", new Uri(browser.Page.Url).AbsolutePath);
    }
}
