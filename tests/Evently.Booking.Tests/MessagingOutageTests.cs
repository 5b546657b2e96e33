using System.Net;
using Dapper;
using Npgsql;

namespace Evently.Booking.Tests;

/// <summary>RabbitMQ down: bookings still succeed (the outbox holds the messages); back up: each arrives exactly once.</summary>
[Collection("booking")]
public sealed class MessagingOutageTests(BookingFixture fixture)
{
    [Fact]
    public async Task Bookings_succeed_without_the_broker_and_every_message_arrives_once_after()
    {
        var system = fixture.System;
        var users = await fixture.UsersAsync();
        using var admin = system.CreateGatewayClient(await fixture.AdminTokenAsync());
        var eventId = await BookingApi.CreateEventAsync(admin, 200);
        // The event's inventory exists before the broker goes (the booking path can also fetch it, but not the point here).
        using (var first = system.CreateGatewayClient(users[7].Token))
        {
            Assert.Equal(HttpStatusCode.Created, (await BookingApi.BookAsync(first, eventId, 1)).Status);
        }

        await system.StopResourceAsync("messaging");
        try
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(async i =>
            {
                using var client = system.CreateGatewayClient(users[10 + i].Token);
                return await BookingApi.BookAsync(client, eventId, 2);
            }));
            Assert.All(results, r => Assert.True(r.Status == HttpStatusCode.Created, $"{(int)r.Status}: {r.Body}"));
        }
        finally
        {
            await system.StartResourceAsync("messaging");
        }

        var shard = BookingApi.ShardConnectionString(system, eventId);
        await using var db = new NpgsqlConnection(shard);
        List<Guid> messageIds = [];
        await BookingApi.UntilAsync(async () =>
        {
            var rows = (await db.QueryAsync<(Guid Id, bool Sent)>(
                "SELECT message_id, sent_at IS NOT NULL FROM outbox_messages WHERE payload->>'event_id' = @id",
                new { id = eventId.ToString() })).ToList();
            messageIds = rows.Select(r => r.Id).ToList();
            return rows.Count == 31 && rows.All(r => r.Sent);
        }, TimeSpan.FromSeconds(60), "all 31 BookingConfirmed rows relayed");

        var booked = await ConsistencySql.ReadAsync(shard, eventId);
        ConsistencySql.AssertHolds(booked);
        Assert.Equal(139, booked.AvailableSeats);
        await BookingApi.UntilAsync(async () =>
        {
            var (status, evt) = await BookingApi.SendAsync(admin, HttpMethod.Get, $"api/v1/events/{eventId}");
            return status == HttpStatusCode.OK && evt["available_seats"]!.GetValue<int>() == booked.AvailableSeats;
        }, TimeSpan.FromSeconds(60), "the events service catching up with the shard");

        // Exactly once: the events service recorded each message id once in its inbox.
        await using var events = new NpgsqlConnection(system.ConnectionString("events-db"));
        var seen = await events.QueryAsync<(Guid Id, long Count)>(
            "SELECT message_id, count(*) FROM inbox_messages WHERE message_id = ANY(@ids) GROUP BY message_id", new { ids = messageIds.ToArray() });
        Assert.Equal(31, seen.Count());
        Assert.All(seen, s => Assert.Equal(1, s.Count));
    }
}
