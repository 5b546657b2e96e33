using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using Polly.Retry;

namespace Evently.ServiceDefaults.Data;

/// <summary>Runs migrations before the service starts answering, retrying while the database is still coming up.</summary>
public sealed class MigrationsHostedService(
    IEnumerable<NpgsqlDataSource> dataSources, Assembly[] assemblies, ILogger<MigrationsHostedService> logger) : IHostedService
{
    private static readonly ResiliencePipeline Retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(),
            MaxRetryAttempts = 20,
            Delay = TimeSpan.FromMilliseconds(500),
            BackoffType = DelayBackoffType.Constant,
        })
        .Build();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var dataSource in dataSources)
        {
            await Retry.ExecuteAsync(async ct => await Migrations.ApplyAsync(dataSource, logger, ct, assemblies), cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class MigrationsRegistration
{
    /// <summary>
    /// Applies the migrations embedded in <typeparamref name="TMarker"/>'s assembly (plus the shared outbox/inbox tables)
    /// to the data sources chosen by <paramref name="dataSources"/> (default: the one unkeyed source).
    /// </summary>
    public static IServiceCollection AddMigrations<TMarker>(this IServiceCollection services,
        Func<IServiceProvider, IEnumerable<NpgsqlDataSource>>? dataSources = null)
    {
        Assembly[] assemblies = [typeof(MigrationsRegistration).Assembly, typeof(TMarker).Assembly];
        services.AddHostedService(sp => new MigrationsHostedService(
            dataSources?.Invoke(sp) ?? [sp.GetRequiredService<NpgsqlDataSource>()],
            assemblies,
            sp.GetRequiredService<ILogger<MigrationsHostedService>>()));
        return services;
    }
}
