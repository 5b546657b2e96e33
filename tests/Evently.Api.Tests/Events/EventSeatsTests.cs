using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Evently.Testing;

namespace Evently.Api.Tests.Events;

/// <summary>
/// Seat counts follow the booking service: a booking (BookingsConfirmed) and its cancellation (SeatReleased) reach the
/// events service through the outbox and RabbitMQ, and the listing and detail show the new count.
/// </summary>
[Collection("api")]
public sealed class EventSeatsTests(ApiFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Booking_and_cancelling_move_available_seats_in_detail_and_listing()
    {
        using var admin = fixture.System.CreateGatewayClient(await fixture.System.AdminTokenAsync());
        using var user = fixture.System.CreateGatewayClient(await EventsApi.UserTokenAsync(fixture.System));
        using var anonymous = fixture.System.CreateGatewayClient();
        var word = "se" + Guid.NewGuid().ToString("N")[..12];
        var created = await EventsApi.CreateAsync(admin, EventsApi.ValidBody(name: $"{word} gig", capacity: 10));
        var detailUrl = $"{EventsApi.Path}/{created["id"]}";
        var listingUrl = $"{EventsApi.Path}?q={word}";
        await EventsApi.GetAsync(anonymous, detailUrl); // a cached copy that the message must replace
        await EventsApi.GetAsync(anonymous, listingUrl);

        using var booked = await user.PostAsJsonAsync("api/v1/bookings", new { event_id = created["id"]!.GetValue<string>(), quantity = 3 });
        var booking = await EventsApi.ReadAsync(booked);
        Assert.True(booked.StatusCode == HttpStatusCode.Created, $"booking answered {(int)booked.StatusCode}: {booking}");

        await Eventually.UntilAsync(async () => await SeatsAsync(anonymous, detailUrl, listingUrl) == (7, 7), Patience,
            "7 seats left in detail and listing after booking 3");

        var bookingId = booking["booking"]!["id"]!.GetValue<string>();
        using var cancelled = await user.PostAsync($"api/v1/bookings/{bookingId}/cancel", null);
        Assert.True(cancelled.IsSuccessStatusCode, $"cancel answered {(int)cancelled.StatusCode}");

        await Eventually.UntilAsync(async () => await SeatsAsync(anonymous, detailUrl, listingUrl) == (10, 10), Patience,
            "10 seats again after the cancellation");
    }

    [Fact]
    public async Task Capacity_cannot_go_below_seats_booked()
    {
        using var admin = fixture.System.CreateGatewayClient(await fixture.System.AdminTokenAsync());
        using var user = fixture.System.CreateGatewayClient(await EventsApi.UserTokenAsync(fixture.System));
        var created = await EventsApi.CreateAsync(admin, EventsApi.ValidBody(capacity: 20));
        var url = $"{EventsApi.Path}/{created["id"]}";
        using var booked = await user.PostAsJsonAsync("api/v1/bookings", new { event_id = created["id"]!.GetValue<string>(), quantity = 5 });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        await Eventually.UntilAsync(async () => (await EventsApi.GetAsync(admin, url)).Body["available_seats"]!.GetValue<int>() == 15,
            Patience, "the booking reaching the events service");

        var (status, problem) = await EventsApi.SendAsync(admin, HttpMethod.Put, url, new JsonObject { ["total_capacity"] = 4 });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("5 seats are already sold", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<(int Detail, int Listing)> SeatsAsync(HttpClient client, string detailUrl, string listingUrl)
    {
        var (_, detail) = await EventsApi.GetAsync(client, detailUrl);
        var (_, page) = await EventsApi.GetAsync(client, listingUrl);
        var listed = page["events"]!.AsArray().Single()!;
        return (detail["available_seats"]!.GetValue<int>(), listed["available_seats"]!.GetValue<int>());
    }
}
