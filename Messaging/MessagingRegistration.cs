using Evently.Data;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Evently.Messaging;

/// <summary>MassTransit on RabbitMQ from <c>ConnectionStrings:{name}</c> (an <c>amqp://</c> URI, as Aspire passes it).</summary>
public static class MessagingRegistration
{
    public static TBuilder AddEventlyMessaging<TBuilder>(this TBuilder builder, string connectionName,
        Action<IBusRegistrationConfigurator>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        var uri = new Uri(builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{connectionName} is not configured."));
        var serviceName = builder.Environment.ApplicationName.Replace("Evently.", "", StringComparison.Ordinal).ToLowerInvariant();
        builder.Services.AddMassTransit(bus =>
        {
            // Queues are named per service, so each service gets its own copy of every message it consumes.
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, false));
            configure?.Invoke(bus);
            // A broker outage delays messages (they wait in the outbox); it does not make the service unusable.
            bus.ConfigureHealthCheckOptions(o => o.MinimalFailureStatus = Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(uri, h => h.ConnectionName(serviceName));
                rabbit.UseMessageRetry(r => r.Exponential(10, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200)));
                rabbit.ConfigureEndpoints(context);
            });
        });
        // The outbox and inbox tables go into the service's databases with its own migrations.
        builder.Services.AddMigrationScripts(typeof(Outbox).Assembly);
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            // Start without waiting for the broker: the outbox holds messages until it is back.
            o.WaitUntilStarted = false;
            o.StopTimeout = TimeSpan.FromSeconds(5);
        });
        return builder;
    }

    /// <summary>Most messages a batch consumer takes in one call (one transaction).</summary>
    public const int ConsumerBatchSize = 500;

    /// <summary>
    /// A consumer of <c>Batch&lt;T&gt;</c>: up to <see cref="ConsumerBatchSize"/> messages, or whatever arrived within
    /// 50 ms of the first, in one call, so it can apply them in one transaction. Under an on-sale's message rate a commit
    /// per message would be the consumer's bottleneck. One batch at a time keeps the consumer's row locks in a single order.
    /// The endpoint takes two batches' worth from the broker: the next batch fills while one is applied, instead of the
    /// broker waiting for a batch's acks before it sends another message.
    /// </summary>
    public static void AddBatchConsumer<TConsumer>(this IBusRegistrationConfigurator bus, Action<IEndpointRegistrationConfigurator>? endpoint = null)
        where TConsumer : class, IConsumer =>
        bus.AddConsumer<TConsumer>((_, consumer) => consumer.Options<BatchOptions>(o => o
                .SetMessageLimit(ConsumerBatchSize)
                .SetTimeLimit(TimeSpan.FromMilliseconds(50))
                .SetConcurrencyLimit(1)))
            .Endpoint(e =>
            {
                e.PrefetchCount = 2 * ConsumerBatchSize;
                e.ConcurrentMessageLimit = 2 * ConsumerBatchSize;
                endpoint?.Invoke(e);
            });

    /// <summary>Relays the outbox of each given database (default: the one unkeyed data source).</summary>
    public static IServiceCollection AddOutboxRelay(this IServiceCollection services,
        Func<IServiceProvider, IEnumerable<NpgsqlDataSource>>? dataSources = null)
    {
        services.AddSingleton<IHostedService>(sp => new OutboxRelays(
            (dataSources?.Invoke(sp) ?? [sp.GetRequiredService<NpgsqlDataSource>()])
                .Select(ds => new OutboxRelay(ds, sp.GetRequiredService<IBus>(), sp.GetRequiredService<ILogger<OutboxRelay>>()))
                .ToList()));
        return services;
    }

    /// <summary>Runs one relay per database as a single hosted service.</summary>
    private sealed class OutboxRelays(IReadOnlyList<OutboxRelay> relays) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) =>
            Task.WhenAll(relays.Select(r => r.StartAsync(cancellationToken)));

        public Task StopAsync(CancellationToken cancellationToken) =>
            Task.WhenAll(relays.Select(r => r.StopAsync(cancellationToken)));
    }
}
