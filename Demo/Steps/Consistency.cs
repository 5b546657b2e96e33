namespace Evently.Demo.Steps;

/// <summary>The seed's capacity consistency check, and the event's own page catching up with the bookings.</summary>
public static class Consistency
{
    public static async Task<string> CheckAsync(DemoState state)
    {
        var report = await state.Admin.Api.V1.Admin.Consistency.GetAsync(c => c.QueryParameters.EventId = state.EventId.ToString());
        var row = report?.Events?.FirstOrDefault(e => e.EventId == state.EventId);
        StepFailedException.Unless(row is not null, "the report does not list the event");
        StepFailedException.Unless(report!.Consistent == true && report.OversoldEvents == 0 && row!.Consistent == true && row.Oversold == false,
            $"inconsistent: oversold events {report.OversoldEvents}, mismatched {report.MismatchedEvents}; event booked {row!.TotalBooked}, " +
            $"should equal {row.ShouldEqualTotalBooked}");
        StepFailedException.Unless(row.TotalBooked == state.Capacity && row.AvailableSeats == 0,
            $"expected {state.Capacity} booked and 0 available, the shard has {row.TotalBooked} booked and {row.AvailableSeats} available");
        return $"{row.TotalBooked} booked = {row.TotalCapacity} capacity - {row.AvailableSeats} available; consistent, " +
            $"{report.OversoldEvents} oversold (shard {row.Shard})";
    }

    /// <summary>Seat counts reach the events service by message: the public page shows the sell-out shortly after.</summary>
    public static async Task<string> PageCatchesUpAsync(DemoState state)
    {
        var started = DateTime.UtcNow;
        var detail = await Poll.UntilAsync(() => state.Users[2].Api.Api.V1.Events[state.EventId].GetAsync(), e => e?.AvailableSeats == 0,
            TimeSpan.FromSeconds(60), "the event page showing 0 seats");
        return $"GET /events/{{id}} shows {detail!.AvailableSeats} of {detail.TotalCapacity} available " +
            $"({(DateTime.UtcNow - started).TotalMilliseconds:0} ms after the last booking's answer)";
    }
}
