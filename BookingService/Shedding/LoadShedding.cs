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
        var (inFlight, queue) = SheddingOptions.Defaults(booking.Value.Strategy);
        var maxWait = TimeSpan.FromMilliseconds(Math.Max(1, o.MaxQueueWaitMs));
        var targetWait = TimeSpan.FromMilliseconds(Math.Max(1, o.TargetQueueWaitMs));
        Bookings = new ShardGate("booking", o.Enabled, o.MaxInFlight ?? inFlight, o.MaxQueue ?? queue, maxWait, targetWait, metrics);
        Holds = new ShardGate("hold", o.Enabled, o.HoldMaxInFlight, o.HoldMaxQueue, maxWait, targetWait, metrics);
        metrics.ObserveShedding(Bookings, Holds);
    }

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
