using Evently.Platform.Tests.Dashboard.Support;
using Evently.Testing;

namespace Evently.Platform.Tests.Dashboard;

/// <summary>
/// The gateway forwards bookings to the booking service over HTTP/2 (its h2c endpoint), as both ends record it on their
/// spans (<c>network.protocol.version</c>): the gateway's outgoing request and the booking service's incoming one.
/// </summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class ForwardingProtocolTests(PlatformFixture fixture)
{
    private const string ProtocolVersion = "network.protocol.version";
    private const string HttpClientScope = "System.Net.Http";
    private readonly EventlySystem _system = fixture.System;

    [Fact]
    public async Task The_gateway_forwards_a_booking_to_the_booking_service_over_http2()
    {
        var booking = await BookingFlow.BookAsync(_system);
        using var api = await TelemetryApi.ConnectAsync(_system);

        var spans = await Eventually.UntilAsync(() => api.TraceAsync(booking.TraceId),
            s => s.Any(x => x is { Service: "gateway", Scope: HttpClientScope, Kind: SpanKind.Client }) && s.Any(x => x is { Service: "booking", Kind: SpanKind.Server }),
            TimeSpan.FromSeconds(90), $"trace {booking.TraceId} has the forwarded request");
        var describe = string.Join("\n", spans.Select(s => $"{s} {s.Attributes.GetValueOrDefault(ProtocolVersion)}"));

        var outgoing = Assert.Single(spans, s => s is { Service: "gateway", Scope: HttpClientScope, Kind: SpanKind.Client });
        var incoming = Assert.Single(spans, s => s is { Service: "booking", Kind: SpanKind.Server });
        Assert.True(outgoing.Attributes.GetValueOrDefault(ProtocolVersion) == "2", describe);
        Assert.True(incoming.Attributes.GetValueOrDefault(ProtocolVersion) == "2", describe);
        Assert.Equal(outgoing.SpanId, incoming.ParentSpanId);
    }
}
