using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evently.ServiceDefaults;
using Evently.Testing;

namespace Evently.Platform.Tests.Dashboard.Support;

/// <summary>A booking made through the gateway inside a trace the test chose, so the test can find exactly that trace.</summary>
public sealed record TracedBooking(string TraceId, string CallerSpanId, Guid EventId, Guid BookingId);

/// <summary>Drives the public API as a person would: the admin creates an event, a new user registers and books it.</summary>
public static class BookingFlow
{
    public static async Task<TracedBooking> BookAsync(EventlySystem system)
    {
        using var admin = await system.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity: 10);
        using var anonymous = system.CreateGatewayClient();
        var user = await anonymous.RegisterUserAsync();
        using var client = system.CreateGatewayClient(user.Token);

        // The test plays the caller's span: the gateway continues its trace, so the trace id is known without searching.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var callerSpanId = ActivitySpanId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/bookings")
        {
            Content = JsonContent.Create(new { event_id = eventId, quantity = 2 }, options: EventlyJson.Options),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpanId}-01");
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"booking answered {(int)response.StatusCode}: {text}");
        var bookingId = JsonSerializer.Deserialize<JsonElement>(text).GetProperty("booking").GetProperty("id").GetGuid();
        return new TracedBooking(traceId, callerSpanId, eventId, bookingId);
    }
}
