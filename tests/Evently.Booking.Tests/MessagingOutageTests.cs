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
        // One BookingsConfirmed per commit: the 30 bookings made during the outage may share messages.
        List<(Guid Id, bool Sent, int Bookings, string? Parent, string? Links)> messages = [];
        await BookingApi.UntilAsync(async () =>
        {
            messages = (await db.QueryAsync<(Guid, bool, int, string?, string?)>(
                """
                SELECT message_id, sent_at IS NOT NULL, jsonb_array_length(payload->'bookings'), trace_parent, trace_links
                FROM outbox_messages WHERE message_type = 'Evently.Contracts.BookingsConfirmed' AND payload->>'event_id' = @id
                """,
                new { id = eventId.ToString() })).ToList();
            return messages.Sum(m => m.Bookings) == 31 && messages.All(m => m.Sent);
        }, TimeSpan.FromSeconds(60), "all 31 bookings' BookingsConfirmed rows relayed");
        var messageIds = messages.Select(m => m.Id).ToList();
        // Each booking in exactly one message.
        Assert.Equal(31, await db.ExecuteScalarAsync<long>(
            """
            SELECT count(DISTINCT b->>'booking_id') FROM outbox_messages, jsonb_array_elements(payload->'bookings') b
            WHERE message_type = 'Evently.Contracts.BookingsConfirmed' AND payload->>'event_id' = @id
            """, new { id = eventId.ToString() }));
        // A shared message continues its first booking's trace and links every other booking's request.
        Assert.All(messages, m =>
        {
            Assert.NotNull(m.Parent);
            Assert.Equal(m.Bookings - 1, m.Links?.Split(',').Length ?? 0);
        });

        var booked = await ConsistencySql.ReadAsync(shard, eventId);
        ConsistencySql.AssertHolds(booked);
        Assert.Equal(139, booked.AvailableSeats);
        // The events service's own row, not the public detail: that overlays the live count the booking service publishes
        // to Redis, which would hide a consumer that never caught up.
        await using var events = new NpgsqlConnection(system.ConnectionString("events-db"));
        IReadOnlyList<(Guid Id, long Count)> seen = [];
        await BookingApi.UntilAsync(async () =>
        {
            seen = (await events.QueryAsync<(Guid Id, long Count)>(
                "SELECT message_id, count(*) FROM inbox_messages WHERE message_id = ANY(@ids) GROUP BY message_id",
                new { ids = messageIds.ToArray() })).ToList();
            return seen.Count == messageIds.Count
                && await events.ExecuteScalarAsync<int>("SELECT available_seats FROM events WHERE id = @eventId", new { eventId }) == booked.AvailableSeats;
        }, TimeSpan.FromSeconds(60), "the events service consuming every message and catching up with the shard");

        // Exactly once: the events service recorded each message id once in its inbox.
        Assert.All(seen, s => Assert.Equal(1, s.Count));
    }
}
