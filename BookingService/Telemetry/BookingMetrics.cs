using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Evently.BookingService.Telemetry;

/// <summary>The booking service's own meter and activity source (<c>Evently.Booking</c>).</summary>
public sealed class BookingMetrics
{
    public const string Name = "Evently.Booking";

    public static readonly ActivitySource Source = new(Name);

    public BookingMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        Confirmed = meter.CreateCounter<long>("evently.booking.confirmed", "{booking}", "Bookings confirmed");
        Rejected = meter.CreateCounter<long>("evently.booking.rejected", "{booking}", "Booking requests refused, by reason");
        SeatsSold = meter.CreateCounter<long>("evently.booking.seats_sold", "{seat}", "Seats sold");
        Cancelled = meter.CreateCounter<long>("evently.booking.cancelled", "{booking}", "Bookings cancelled");
        BatchSize = meter.CreateHistogram<int>("evently.booking.batch_size", "{booking}", "Requests per group commit");
        Duration = meter.CreateHistogram<double>("evently.booking.duration", "ms", "Time to answer a booking request");
        Holds = meter.CreateCounter<long>("evently.booking.holds", "{hold}", "Checkout hold requests and how they ended, by outcome");
    }

    public Counter<long> Confirmed { get; }
    public Counter<long> Rejected { get; }
    public Counter<long> SeatsSold { get; }
    public Counter<long> Cancelled { get; }
    public Histogram<int> BatchSize { get; }
    public Histogram<double> Duration { get; }
    public Counter<long> Holds { get; }

    public void Reject(string reason) => Rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
