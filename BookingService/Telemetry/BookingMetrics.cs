using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Evently.BookingService.Telemetry;

/// <summary>The booking service's own meter and activity source (<c>Evently.Booking</c>).</summary>
public sealed class BookingMetrics
{
    public const string Name = "Evently.Booking";

    public static readonly ActivitySource Source = new(Name);

    private readonly Meter _meter;

    public BookingMetrics(IMeterFactory meterFactory)
    {
        var meter = _meter = meterFactory.Create(Name);
        Confirmed = meter.CreateCounter<long>("evently.booking.confirmed", "{booking}", "Bookings confirmed");
        Rejected = meter.CreateCounter<long>("evently.booking.rejected", "{booking}", "Booking requests refused, by reason");
        SeatsSold = meter.CreateCounter<long>("evently.booking.seats_sold", "{seat}", "Seats sold");
        Cancelled = meter.CreateCounter<long>("evently.booking.cancelled", "{booking}", "Bookings cancelled");
        BatchSize = meter.CreateHistogram<int>("evently.booking.batch_size", "{booking}", "Requests per group commit");
        Duration = meter.CreateHistogram<double>("evently.booking.duration", "ms", "Time to answer a booking request");
        Holds = meter.CreateCounter<long>("evently.booking.holds", "{hold}", "Checkout hold requests and how they ended, by outcome");
        Shed = meter.CreateCounter<long>("evently.booking.shed", "{request}",
            "Booking and hold requests refused with 503 because their shard was at capacity, by path and reason (queue_full, expected_wait, queue_timeout)");
    }

    public Counter<long> Confirmed { get; }
    public Counter<long> Rejected { get; }
    public Counter<long> SeatsSold { get; }
    public Counter<long> Cancelled { get; }
    public Histogram<int> BatchSize { get; }
    public Histogram<double> Duration { get; }
    public Counter<long> Holds { get; }
    public Counter<long> Shed { get; }

    /// <summary>Gauges of the requests running and waiting at the shard gates (this replica, all shards).</summary>
    public void ObserveShedding(Shedding.ShardGate bookings, Shedding.ShardGate holds)
    {
        _meter.CreateObservableGauge("evently.booking.in_flight", () => new[]
        {
            new Measurement<long>(bookings.Load().Running, new KeyValuePair<string, object?>("path", "booking")),
            new Measurement<long>(holds.Load().Running, new KeyValuePair<string, object?>("path", "hold")),
        }, "{request}", "Booking and hold requests running on the shards");
        _meter.CreateObservableGauge("evently.booking.queued", () => new[]
        {
            new Measurement<long>(bookings.Load().Queued, new KeyValuePair<string, object?>("path", "booking")),
            new Measurement<long>(holds.Load().Queued, new KeyValuePair<string, object?>("path", "hold")),
        }, "{request}", "Booking and hold requests waiting for a turn on their shard");
    }

    public void Reject(string reason) => Rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
