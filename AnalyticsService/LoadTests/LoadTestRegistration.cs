namespace Evently.AnalyticsService.LoadTests;

public static class LoadTestRegistration
{
    public static WebApplicationBuilder AddLoadTests(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<LoadTestOptions>(builder.Configuration.GetSection(LoadTestOptions.SectionName));
        builder.Services.AddSingleton<LoadTestStore>();
        builder.Services.AddSingleton<LoadTestOwner>();
        builder.Services.AddSingleton<GatewayClient>();
        builder.Services.AddSingleton<LoadTestUsers>();
        builder.Services.AddSingleton<LoadTestManager>();
        builder.Services.AddHostedService<LeftoverLoadTests>();
        return builder;
    }

    /// <summary>
    /// Marks tests whose owner is gone as aborted (registered after the migrations, so it runs after them). Only those
    /// whose lease ran out: a test another live instance runs is left alone.
    /// </summary>
    private sealed class LeftoverLoadTests(LoadTestStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.ExpireAbandonedAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
