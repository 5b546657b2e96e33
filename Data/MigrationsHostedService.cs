using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using Polly.Retry;

namespace Evently.Data;

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

/// <summary>An assembly whose embedded <c>Migrations/*.sql</c> the service applies to its databases.</summary>
public sealed record MigrationScripts(Assembly Assembly);

public static class MigrationsRegistration
{
    /// <summary>
    /// Applies the migrations embedded in <typeparamref name="TMarker"/>'s assembly, this library's and those other
    /// libraries added with <see cref="AddMigrationScripts"/> (the outbox and inbox tables) to the data sources chosen
    /// by <paramref name="dataSources"/> (default: the one unkeyed source).
    /// </summary>
    public static IServiceCollection AddMigrations<TMarker>(this IServiceCollection services,
        Func<IServiceProvider, IEnumerable<NpgsqlDataSource>>? dataSources = null)
    {
        services.AddMigrationScripts(typeof(MigrationsRegistration).Assembly).AddMigrationScripts(typeof(TMarker).Assembly);
        services.AddHostedService(sp => new MigrationsHostedService(
            dataSources?.Invoke(sp) ?? [sp.GetRequiredService<NpgsqlDataSource>()],
            [.. sp.GetServices<MigrationScripts>().Select(s => s.Assembly).Distinct()],
            sp.GetRequiredService<ILogger<MigrationsHostedService>>()));
        return services;
    }

    /// <summary>Adds a library's migrations to those the service applies (with <see cref="AddMigrations{TMarker}"/>).</summary>
    public static IServiceCollection AddMigrationScripts(this IServiceCollection services, Assembly assembly) =>
        services.AddSingleton(new MigrationScripts(assembly));
}
