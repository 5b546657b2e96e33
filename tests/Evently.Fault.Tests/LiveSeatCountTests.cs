using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Evently.Testing;
using Npgsql;

namespace Evently.Fault.Tests;

/// <summary>
/// Live seat counts: the detail and the listing follow the booking shard through Redis even when no seat message can
/// flow (broker stopped), and fall back to the events database's count when Redis is down.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class LiveSeatCountTests(FaultFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Detail_and_listing_follow_the_shard_while_the_broker_is_down()
    {
        var system = fixture.System;
        var users = await fixture.UsersAsync();
        using var admin = await fixture.AdminAsync();
        using var anonymous = system.CreateGatewayClient();
        using var buyer = system.CreateGatewayClient(users[0].Token);
        var token = Guid.NewGuid().ToString("N");
        var eventId = await admin.CreateEventAsync(100, name: $"Live seats {token}", startsAt: DateTimeOffset.UtcNow.AddDays(40 + Random.Shared.Next(300)));
        await FaultApi.PrimeAsync(buyer, [eventId]);
        await Eventually.UntilAsync(async () => await EventsDbSeatsAsync(system, eventId) == 99, Deadline, "the priming booking reaching the events service");

        await system.StopResourceAsync("messaging");
        try
        {
            var bookings = new List<Guid>();
            for (var i = 0; i < 3; i++)
            {
                var (status, body) = await FaultApi.BookAsync(buyer, eventId, 2);
                Assert.True(status == HttpStatusCode.Created, $"booking answered {(int)status}: {body}");
                bookings.Add(body!["booking"]!["id"]!.GetValue<Guid>());
            }

            var (cancelled, cancelBody) = await FaultApi.SendAsync(buyer, HttpMethod.Post, $"api/v1/bookings/{bookings[0]}/cancel");
            Assert.True(cancelled == HttpStatusCode.OK, $"cancel answered {(int)cancelled}: {cancelBody}");

            Assert.Equal(95, await ShardSeatsAsync(system, eventId));
            await Eventually.UntilAsync(async () => await DetailSeatsAsync(anonymous, eventId) == 95, Deadline,
                "the detail showing the shard's 95 seats");
            await Eventually.UntilAsync(async () =>
            {
                var (status, page) = await FaultApi.SendAsync(anonymous, HttpMethod.Get, $"api/v1/events?q={token}");
                Assert.True(status == HttpStatusCode.OK, $"listing answered {(int)status}: {page}");
                var listed = page!["events"]!.AsArray().Single()!;
                return listed["available_seats"]!.GetValue<int>() == 95;
            }, Deadline, "the listing showing the shard's 95 seats");

            // Only the live path can have shown that: no seat message left the booking service.
            Assert.Equal(99, await EventsDbSeatsAsync(system, eventId));
        }
        finally
        {
            await system.StartResourceAsync("messaging");
        }

        await Eventually.UntilAsync(async () => await EventsDbSeatsAsync(system, eventId) == 95, TimeSpan.FromSeconds(120),
            "the seat messages catching up once the broker is back");
    }

    [Fact]
    public async Task Without_redis_the_detail_shows_the_database_count_and_goes_live_again_after()
    {
        var system = fixture.System;
        var users = await fixture.UsersAsync();
        using var admin = await fixture.AdminAsync();
        using var anonymous = system.CreateGatewayClient();
        using var buyer = system.CreateGatewayClient(users[1].Token);
        var eventId = await FaultApi.CreateEventAsync(admin, 50);
        await FaultApi.PrimeAsync(buyer, [eventId]);

        await system.StopResourceAsync("cache");
        try
        {
            var (status, body) = await FaultApi.BookAsync(buyer, eventId, 2);
            Assert.True(status == HttpStatusCode.Created, $"booking answered {(int)status}: {body}");
            // Every read answers; the count arrives by the seat messages into the events database.
            await Eventually.UntilAsync(async () => await DetailSeatsAsync(anonymous, eventId) == 47, Deadline,
                "the detail showing the database's count while Redis is down");
        }
        finally
        {
            await system.StartResourceAsync("cache");
        }

        var (again, againBody) = await FaultApi.BookAsync(buyer, eventId, 1);
        Assert.True(again == HttpStatusCode.Created, $"booking answered {(int)again}: {againBody}");
        await Eventually.UntilAsync(async () =>
        {
            using var response = await anonymous.GetAsync($"api/v1/events/{eventId}");
            var detail = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            return response.Headers.Contains("X-Seats-Live") && detail["available_seats"]!.GetValue<int>() == 46;
        }, Deadline, "the live count again once Redis is back");
    }

    [Fact]
    public async Task A_listing_past_the_exact_total_limit_estimates_its_total_and_says_so()
    {
        var system = fixture.System;
        using var admin = await fixture.AdminAsync();
        using var anonymous = system.CreateGatewayClient();
        var many = Guid.NewGuid().ToString("N");
        var few = Guid.NewGuid().ToString("N");
        for (var i = 0; i < 5; i++)
        {
            await admin.CreateEventAsync(10, name: $"Estimate {many} {i}");
        }

        for (var i = 0; i < 2; i++)
        {
            await admin.CreateEventAsync(10, name: $"Estimate {few} {i}");
        }

        await system.RestartResourceAsync("events", new Dictionary<string, string> { ["Events__ExactTotalLimit"] = "3" });
        try
        {
            var (status, page) = await FaultApi.SendAsync(anonymous, HttpMethod.Get, $"api/v1/events?q={many}&page_size=2");
            Assert.True(status == HttpStatusCode.OK, $"listing answered {(int)status}: {page}");
            Assert.True(page!["total_estimated"]!.GetValue<bool>(), $"{page}");
            Assert.True(page["total"]!.GetValue<long>() >= 4, $"an estimate never below what is known: {page}");
            Assert.Equal(2, page["events"]!.AsArray().Count);

            var (smallStatus, small) = await FaultApi.SendAsync(anonymous, HttpMethod.Get, $"api/v1/events?q={few}");
            Assert.True(smallStatus == HttpStatusCode.OK, $"listing answered {(int)smallStatus}: {small}");
            Assert.False(small!["total_estimated"]!.GetValue<bool>(), $"{small}");
            Assert.Equal(2, small["total"]!.GetValue<long>());
        }
        finally
        {
            await system.RestartResourceAsync("events", new Dictionary<string, string> { ["Events__ExactTotalLimit"] = "5000" });
        }
    }

    private static async Task<int> DetailSeatsAsync(HttpClient client, Guid eventId)
    {
        var (status, detail) = await FaultApi.SendAsync(client, HttpMethod.Get, $"api/v1/events/{eventId}");
        Assert.True(status == HttpStatusCode.OK, $"detail answered {(int)status}: {detail}");
        return detail!["available_seats"]!.GetValue<int>();
    }

    private static async Task<int> ShardSeatsAsync(EventlySystem system, Guid eventId)
    {
        await using var db = new NpgsqlConnection(FaultApi.ShardConnectionString(system, eventId));
        return await db.ExecuteScalarAsync<int>("SELECT available_seats FROM event_inventory WHERE event_id = @eventId", new { eventId });
    }

    private static async Task<int> EventsDbSeatsAsync(EventlySystem system, Guid eventId)
    {
        await using var db = new NpgsqlConnection(system.ConnectionString("events-db") + ";Pooling=false");
        return await db.ExecuteScalarAsync<int>("SELECT available_seats FROM events WHERE id = @eventId", new { eventId });
    }
}
