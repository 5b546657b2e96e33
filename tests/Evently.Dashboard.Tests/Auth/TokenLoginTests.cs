using System.Net;
using System.Net.Http.Headers;
using Evently.Dashboard.Tests.Infrastructure;

namespace Evently.Dashboard.Tests.Auth;

public sealed class TokenLoginTests : IAsyncLifetime
{
    private DashboardTestHost _host = null!;

    public async Task InitializeAsync() => _host = await DashboardTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("/")]
    [InlineData("/traces")]
    [InlineData("/metrics?service=x")]
    [InlineData("/console/gateway")]
    public async Task Pages_without_the_cookie_answer_401_with_a_page(string path)
    {
        using var client = await _host.CreateClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("login required", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/_dashboard/api/resources")]
    [InlineData("GET", "/_dashboard/api/traces")]
    [InlineData("POST", "/_dashboard/api/telemetry/traces/clear")]
    [InlineData("POST", "/_blazor/negotiate?negotiateVersion=1")]
    public async Task Api_and_live_connection_without_the_cookie_answer_401(string method, string path)
    {
        using var client = await _host.CreateClientAsync();
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_token_is_refused_and_the_right_one_becomes_a_cookie()
    {
        using var client = await _host.CreateClientAsync();
        using (var wrong = await client.GetAsync("/login?t=not-the-token"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var login = await client.GetAsync($"/login?t={_host.Token}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            Assert.Equal("/", login.Headers.Location?.OriginalString);
            Assert.Contains(login.Headers.GetValues("Set-Cookie"), c => c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        }

        using var page = await client.GetAsync("/traces");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var api = await client.GetAsync("/_dashboard/api/resources");
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Fact]
    public async Task The_token_on_any_page_url_logs_in_and_keeps_the_rest_of_the_query()
    {
        using var client = await _host.CreateClientAsync();
        using var response = await client.GetAsync($"/metrics?service=booking&t={_host.Token}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/metrics?service=booking", response.Headers.Location?.OriginalString);
        using var page = await client.GetAsync("/metrics?service=booking");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Otlp_needs_no_token_and_static_assets_are_served()
    {
        using var client = await _host.CreateClientAsync();
        using var otlp = await client.PostAsync("/v1/traces", new ByteArrayContent([]) { Headers = { ContentType = new("application/x-protobuf") } });
        Assert.Equal(HttpStatusCode.OK, otlp.StatusCode);

        foreach (var asset in new[] { "/_framework/blazor.web.js", "/_content/Evently.Dashboard/dashboard.css" })
        {
            using var response = await client.GetAsync(asset);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {response.StatusCode}");
        }
    }
}

public sealed class UnsecuredTests : IAsyncLifetime
{
    private DashboardTestHost _host = null!;

    public async Task InitializeAsync() => _host = await DashboardTestHost.StartAsync(o => o.Unsecured = true);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Unsecured_dashboard_needs_no_login()
    {
        using var client = await _host.CreateClientAsync();
        using var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var api = await client.GetAsync("/_dashboard/api/traces");
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }
}
