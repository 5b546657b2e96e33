using System.Net;
using Dapper;
using Npgsql;

namespace Evently.Booking.Tests;

[Collection("booking")]
public sealed class CancelTests(BookingFixture fixture)
{
    [Fact]
    public async Task Cancel_returns_the_seats_once_and_emits_one_SeatReleased()
    {
        var system = fixture.System;
        var users = await fixture.UsersAsync();
        using var admin = system.CreateGatewayClient(await fixture.AdminTokenAsync());
        var eventId = await BookingApi.CreateEventAsync(admin, 20);
        using var owner = system.CreateGatewayClient(users[3].Token);
        using var stranger = system.CreateGatewayClient(users[4].Token);

        var (created, body) = await BookingApi.BookAsync(owner, eventId, 3);
        Assert.Equal(HttpStatusCode.Created, created);
        var bookingId = body["booking"]!["id"]!.GetValue<string>();
        Assert.Equal(17, body["booking"]!["available_seats_remaining"]!.GetValue<int>());

        // Not yours: as if it did not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await BookingApi.SendAsync(stranger, HttpMethod.Get, $"{BookingApi.Path}/{bookingId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await BookingApi.SendAsync(stranger, HttpMethod.Post, $"{BookingApi.Path}/{bookingId}/cancel")).Status);
        Assert.Equal(HttpStatusCode.OK, (await BookingApi.SendAsync(admin, HttpMethod.Get, $"{BookingApi.Path}/{bookingId}")).Status);

        var cancels = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            BookingApi.SendAsync(owner, HttpMethod.Post, $"{BookingApi.Path}/{bookingId}/cancel")));
        Assert.All(cancels, c =>
        {
            Assert.Equal(HttpStatusCode.OK, c.Status);
            Assert.Equal("cancelled", c.Body["booking"]!["status"]!.GetValue<string>());
        });

        var shard = BookingApi.ShardConnectionString(system, eventId);
        var row = await ConsistencySql.ReadAsync(shard, eventId);
        ConsistencySql.AssertHolds(row);
        Assert.Equal(20, row.AvailableSeats);
        await using var db = new NpgsqlConnection(shard);
        Assert.Equal(1, await db.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM outbox_messages WHERE message_type = 'Evently.Contracts.SeatReleased' AND payload->>'booking_id' = @bookingId",
            new { bookingId }));

        // The events service hears about it: its listing shows all seats free again.
        await BookingApi.UntilAsync(async () =>
        {
            var (status, evt) = await BookingApi.SendAsync(admin, HttpMethod.Get, $"api/v1/events/{eventId}");
            return status == HttpStatusCode.OK && evt["available_seats"]!.GetValue<int>() == 20;
        }, TimeSpan.FromSeconds(30), "the events service showing 20 free seats");

        var (listStatus, list) = await BookingApi.SendAsync(owner, HttpMethod.Get, BookingApi.Path);
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.Contains(list["bookings"]!.AsArray(), b => b!["id"]!.GetValue<string>() == bookingId);
    }
}
