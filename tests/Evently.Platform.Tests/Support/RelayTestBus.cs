using System.Collections.Concurrent;
using Evently.Contracts;
using Evently.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Evently.Platform.Tests.Support;

public static class RelayTestBus
{
    /// <summary>
    /// A MassTransit bus on the system's RabbitMQ whose exchanges carry <paramref name="prefix"/>, so the services (bound to
    /// the unprefixed ones) never see the test's messages. With <paramref name="received"/> it also consumes SeatReleased,
    /// one at a time in delivery order, noting each message's inventory version.
    /// </summary>
    public static ServiceProvider Create(EventlySystem system, string prefix, ConcurrentQueue<long>? received) =>
        new ServiceCollection()
            .AddLogging()
            .AddMassTransit(bus => bus.UsingRabbitMq((_, rabbit) =>
            {
                rabbit.Host(new Uri(system.ConnectionString("messaging")));
                rabbit.MessageTopology.SetEntityNameFormatter(new PrefixEntityNameFormatter(rabbit.MessageTopology.EntityNameFormatter, prefix + "-"));
                if (received is not null)
                {
                    rabbit.ReceiveEndpoint(prefix, endpoint =>
                    {
                        endpoint.AutoDelete = true;
                        endpoint.Durable = false;
                        endpoint.ConcurrentMessageLimit = 1;
                        endpoint.Handler<SeatReleased>(context =>
                        {
                            received.Enqueue(context.Message.InventoryVersion);
                            return Task.CompletedTask;
                        });
                    });
                }
            }))
            .BuildServiceProvider();
}
