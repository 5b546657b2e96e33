using System.Net;
using System.Text;

namespace Evently.Booking.Tests;

/// <summary>Bad input is a 400 problem+json (never a 500); unknown and cancelled events are refused clearly.</summary>
[Collection("booking")]
public sealed class ValidationTests(BookingFixture fixture)
{
    [Theory]
    [InlineData("""{"quantity": 1}""")]
    [InlineData("""{"event_id": "EVENT"}""")]
    [InlineData("""{"event_id": "EVENT", "quantity": 0}""")]
    [InlineData("""{"event_id": "EVENT", "quantity": -2}""")]
    [InlineData("""{"event_id": "EVENT", "quantity": "3"}""")]
    [InlineData("""{"event_id": "EVENT", "quantity": 1.5}""")]
    [InlineData("""{"event_id": "not-a-guid", "quantity": 1}""")]
    [InlineData("""{"event_id": 42, "quantity": 1}""")]
    [InlineData("""[1, 2]""")]
    [InlineData("""{"event_id": """)]
    [InlineData("")]
    public async Task Bad_bodies_are_400_problems(string body)
    {
        var system = fixture.System;
        using var client = system.CreateGatewayClient((await fixture.UsersAsync())[5].Token);
        using var content = new StringContent(body.Replace("EVENT", Guid.NewGuid().ToString(), StringComparison.Ordinal), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(BookingApi.Path, content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False((await BookingApi.ReadAsync(response))["success"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Unknown_event_is_404_and_bad_ids_are_400()
    {
        using var client = fixture.System.CreateGatewayClient((await fixture.UsersAsync())[5].Token);
        var (status, body) = await BookingApi.BookAsync(client, Guid.NewGuid(), 1);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Event not found", body["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, (await BookingApi.SendAsync(client, HttpMethod.Get, $"{BookingApi.Path}/nope")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await BookingApi.SendAsync(client, HttpMethod.Get, $"{BookingApi.Path}/{Guid.NewGuid()}")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await BookingApi.SendAsync(client, HttpMethod.Get, $"{BookingApi.Path}?page=0")).Status);
    }

    [Fact]
    public async Task Too_many_seats_names_the_real_number_and_a_cancelled_event_refuses_and_cancels_its_bookings()
    {
        var system = fixture.System;
        using var admin = system.CreateGatewayClient(await fixture.AdminTokenAsync());
        using var client = system.CreateGatewayClient((await fixture.UsersAsync())[6].Token);
        var eventId = await BookingApi.CreateEventAsync(admin, 50);

        var (created, booking) = await BookingApi.BookAsync(client, eventId, 3);
        Assert.Equal(HttpStatusCode.Created, created);
        var (status, body) = await BookingApi.BookAsync(client, eventId, 1000);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Only 47 seats available", body["error"]!.GetValue<string>());
        Assert.Equal("Only 47 seats available", body["detail"]!.GetValue<string>());

        Assert.True((await BookingApi.SendAsync(admin, HttpMethod.Delete, $"api/v1/events/{eventId}")).Status is HttpStatusCode.OK or HttpStatusCode.NoContent);
        var bookingUrl = $"{BookingApi.Path}/{booking["booking"]!["id"]}";
        await BookingApi.UntilAsync(async () =>
            (await BookingApi.SendAsync(client, HttpMethod.Get, bookingUrl)).Body["booking"]!["status"]!.GetValue<string>() == "cancelled",
            TimeSpan.FromSeconds(30), "the booking cancelled with its event");
        (status, body) = await BookingApi.BookAsync(client, eventId, 1);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Event has been cancelled", body["error"]!.GetValue<string>());
        var row = await ConsistencySql.ReadAsync(BookingApi.ShardConnectionString(system, eventId), eventId);
        ConsistencySql.AssertHolds(row);
        Assert.Equal(0, row.Booked);
    }
}
