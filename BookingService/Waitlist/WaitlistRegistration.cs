using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Evently.BookingService.Waitlist;

/// <summary>The waitlist promotion's pieces in the booking service, registered with one call each.</summary>
public static class WaitlistRegistration
{
    public static WebApplicationBuilder AddWaitlistPromotion(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<WaitlistOptions>(builder.Configuration.GetSection(WaitlistOptions.SectionName));
        builder.Services.AddSingleton<WaitlistPromotion>();
        builder.Services.AddHostedService<HoldSweep>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    public static void AddWaitlistConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<WaitlistJoinedConsumer>();
        bus.AddConsumer<WaitlistLeftConsumer>();
    }
}
