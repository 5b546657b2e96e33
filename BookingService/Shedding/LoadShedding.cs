using Evently.BookingService.Strategies;
using Evently.BookingService.Telemetry;
using Microsoft.Extensions.Options;

namespace Evently.BookingService.Shedding;

/// <summary>This replica's gates: one for bookings (sized for the strategy), one for holds and hold confirms.</summary>
public sealed class LoadShedding : IDisposable
{
    public LoadShedding(IOptions<SheddingOptions> options, IOptions<BookingOptions> booking, BookingMetrics metrics)
    {
        var o = options.Value;
        var bounds = SheddingOptions.Defaults(booking.Value.Strategy);
        var maxWait = TimeSpan.FromMilliseconds(Math.Max(1, o.MaxQueueWaitMs));
        Bookings = new ShardGate("booking", o.Enabled, o.MaxInFlight ?? bounds.MaxInFlight, o.MaxQueue ?? bounds.MaxQueue, maxWait,
            Milliseconds(o.TargetQueueWaitMs ?? bounds.TargetQueueWaitMs), metrics);
        Holds = new ShardGate("hold", o.Enabled, o.HoldMaxInFlight, o.HoldMaxQueue, maxWait,
            Milliseconds(o.TargetQueueWaitMs ?? SheddingOptions.HoldTargetQueueWaitMs), metrics);
        metrics.ObserveShedding(Bookings, Holds);
    }

    private static TimeSpan Milliseconds(int ms) => TimeSpan.FromMilliseconds(Math.Max(0, ms));

    public ShardGate Bookings { get; }

    public ShardGate Holds { get; }

    public void Dispose()
    {
        Bookings.Dispose();
        Holds.Dispose();
    }
}

public static class LoadSheddingRegistration
{
    public static IHostApplicationBuilder AddLoadShedding(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<SheddingOptions>(builder.Configuration.GetSection(SheddingOptions.SectionName));
        builder.Services.AddSingleton<LoadShedding>();
        return builder;
    }
}
