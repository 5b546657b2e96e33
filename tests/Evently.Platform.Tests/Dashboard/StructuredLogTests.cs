using Evently.Platform.Tests.Dashboard.Support;
using Evently.Testing;

namespace Evently.Platform.Tests.Dashboard;

/// <summary>Logs reach the dashboard over OTLP as structured records: named fields as attributes, and the trace id.</summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class StructuredLogTests(PlatformFixture fixture)
{
    private readonly EventlySystem _system = fixture.System;

    [Fact]
    public async Task The_booking_service_logs_its_shard_map_with_named_fields()
    {
        // Program.cs: "Booking strategy {Strategy}; shard map ({Count} shards, ...): {Map}", once at start. The first start
        // may log it before the dashboard listens (they boot side by side, and the exporter drops what it cannot send),
        // so the service starts again now that the dashboard is surely up.
        await _system.RestartResourceAsync("booking");
        using var api = await TelemetryApi.ConnectAsync(_system);
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
    public async Task A_consumers_log_line_carries_the_bookings_trace_id_and_its_fields()
    {
        var booking = await BookingFlow.BookAsync(_system);
        using var api = await TelemetryApi.ConnectAsync(_system);

        // Analytics logs once per batch it applies, inside the trace of the booking whose message it took; the dashboard
        // finds that line by the booking's trace id, with its structured fields. (Npgsql's per-command log is off: it cost
        // every service a log record per SQL command.)
        var logs = await Eventually.UntilAsync(() => api.LogsAsync("analytics", traceId: booking.TraceId),
            l => l.Any(r => r.Attributes.GetValueOrDefault("Consumer") == "analytics.bookings-confirmed"),
            TimeSpan.FromSeconds(90), $"analytics' batch log in trace {booking.TraceId}");
        Assert.All(logs, l => Assert.Equal(booking.TraceId, l.TraceId));
        var applied = logs.First(r => r.Attributes.GetValueOrDefault("Consumer") == "analytics.bookings-confirmed");
        Assert.True(int.TryParse(applied.Attributes.GetValueOrDefault("Applied"), out var count) && count >= 1, $"Applied = {applied.Attributes.GetValueOrDefault("Applied")}");
    }
}
