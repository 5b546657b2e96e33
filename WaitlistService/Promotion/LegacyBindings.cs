using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Evently.WaitlistService.Promotion;

/// <summary>
/// Stops every BookingConfirmed from reaching the waitlist: earlier versions consumed them all to find the few
/// promotions, which now come as WaitlistEntryBooked. Removes the broker's binding of BookingConfirmed to this service's
/// old queue (MassTransit does not remove bindings, and that consumer no longer declares it), once per start, retrying
/// until the broker answers; the queue keeps its consumer to drain what was already in it.
/// </summary>
public sealed partial class LegacyBindings(IConfiguration configuration, ILogger<LegacyBindings> logger) : BackgroundService
{
    /// <summary>MassTransit's names: the message type's exchange and the endpoint's (named like its queue).</summary>
    private const string Source = "Evently.Contracts:BookingConfirmed";

    public const string Endpoint = "waitlistservice-booking-confirmed";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var factory = new ConnectionFactory { Uri = new Uri(configuration.GetConnectionString("messaging")!) };
        for (var delay = TimeSpan.FromSeconds(1); !stoppingToken.IsCancellationRequested; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks)))
        {
            try
            {
                await using var connection = await factory.CreateConnectionAsync(stoppingToken);
                await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
                await channel.ExchangeUnbindAsync(Endpoint, Source, routingKey: "", cancellationToken: stoppingToken);
                LogUnbound(logger, Source, Endpoint);
                return;
            }
            catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
            {
                return; // a fresh broker: neither exchange exists, so there is nothing to unbind
            }
            catch (Exception ex) when (ex is BrokerUnreachableException or OperationInterruptedException or IOException or AlreadyClosedException)
            {
                LogRetry(logger, ex, delay.TotalSeconds);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed the legacy binding {Source} -> {Endpoint}")]
    private static partial void LogUnbound(ILogger logger, string source, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the legacy BookingConfirmed binding yet; retrying in {DelaySeconds} s")]
    private static partial void LogRetry(ILogger logger, Exception ex, double delaySeconds);
}
