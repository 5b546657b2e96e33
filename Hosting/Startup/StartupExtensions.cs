using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Evently.Hosting.Startup;

public static class StartupExtensions
{
    /// <summary>Fails the start fast when a resource cannot start, and prints <paramref name="banner"/> once all is healthy.</summary>
    public static IDistributedApplicationBuilder AddStartupWatch(this IDistributedApplicationBuilder builder, ReadyBanner banner)
    {
        if (!builder.ExecutionContext.IsPublishMode)
        {
            builder.Services.AddSingleton(banner);
            builder.Services.AddSingleton<StartupReport>();
            builder.Services.AddHostedService<StartupWatch>();
            builder.Services.AddSingleton<ResourceInstances>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<ResourceInstances>());
        }

        return builder;
    }
}
