namespace Evently.AnalyticsService.LoadTests;

public static class LoadTestRegistration
{
    public static WebApplicationBuilder AddLoadTests(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<LoadTestOptions>(builder.Configuration.GetSection(LoadTestOptions.SectionName));
        builder.Services.AddSingleton<LoadTestStore>();
        builder.Services.AddSingleton<GatewayClient>();
        builder.Services.AddSingleton<LoadTestManager>();
        builder.Services.AddHostedService<LeftoverLoadTests>();
        return builder;
    }

    /// <summary>Marks tests a previous process left running as aborted (registered after the migrations, so it runs after them).</summary>
    private sealed class LeftoverLoadTests(LoadTestStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.AbortLeftoversAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
