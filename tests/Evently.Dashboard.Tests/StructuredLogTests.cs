using Evently.Dashboard.Tests.Support;
using Evently.Testing;

namespace Evently.Dashboard.Tests;

/// <summary>Logs reach the dashboard over OTLP as structured records: named fields as attributes, and the trace id.</summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class StructuredLogTests(DashboardFixture fixture)
{
    private readonly EventlySystem _system = fixture.System;

    [Fact]
    public async Task The_booking_service_logs_its_shard_map_with_named_fields()
    {
        using var api = await TelemetryApi.ConnectAsync(_system);
        // Program.cs: "Booking strategy {Strategy}; shard map ({Count} shards, ...): {Map}", once at start.
        var log = (await Eventually.UntilAsync(() => api.LogsAsync("booking", search: "Booking strategy"), l => l.Count > 0,
            TimeSpan.FromSeconds(60), "the booking service's start-up log")).First();

        Assert.Equal("Information", log.Severity);
        Assert.False(string.IsNullOrEmpty(log.Attributes.GetValueOrDefault("Strategy")), string.Join(", ", log.Attributes));
        Assert.Equal(_system.BookingShards.ToString(System.Globalization.CultureInfo.InvariantCulture), log.Attributes.GetValueOrDefault("Count"));
        var map = log.Attributes.GetValueOrDefault("Map") ?? "";
        foreach (var (index, shard) in _system.BookingShardMap)
        {
            Assert.Contains($"{index}={shard}@", map, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Logs_written_while_handling_a_booking_carry_its_trace_id_in_each_service()
    {
        var booking = await BookingFlow.BookAsync(_system);
        using var api = await TelemetryApi.ConnectAsync(_system);

        // The booking request and the consumers that took its message all log (Npgsql's command log, with CommandText and
        // DurationMs) inside the booking's trace; the dashboard finds them by that trace id.
        foreach (var service in new[] { "booking", "events", "analytics" })
        {
            var logs = await Eventually.UntilAsync(() => api.LogsAsync(service, traceId: booking.TraceId), l => l.Count > 0,
                TimeSpan.FromSeconds(90), $"{service} logs in trace {booking.TraceId}");
            Assert.All(logs, l => Assert.Equal(booking.TraceId, l.TraceId));
            Assert.Contains(logs, l => l.Attributes.ContainsKey("CommandText") && int.TryParse(l.Attributes.GetValueOrDefault("DurationMs"), out _));
        }
    }
}
