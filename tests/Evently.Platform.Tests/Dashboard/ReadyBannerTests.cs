using Aspire.Hosting.ApplicationModel;
using Evently.Hosting.Startup;
using Evently.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Evently.Platform.Tests.Dashboard;

/// <summary>The login URL AppHost prints once all is healthy is the dashboard's real one, token included.</summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class ReadyBannerTests(PlatformFixture fixture)
{
    [Fact]
    public async Task The_printed_login_url_is_the_dashboards()
    {
        var system = fixture.System;
        var printed = system.Services.GetRequiredService<ReadyBanner>().DashboardLoginUrl(system.Services.GetRequiredService<DistributedApplicationModel>());
        Assert.NotNull(printed);
        Assert.Equal(await system.GetDashboardLoginUrlAsync(), new Uri(printed));
    }
}
