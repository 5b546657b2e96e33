using System.Net;
using Dapper;
using Evently.Testing;
using Npgsql;

namespace Evently.Booking.Tests;

/// <summary>One booking shard down: other shards keep booking, its events get a clear 503, nothing is half-written.</summary>
[Collection("booking")]
public sealed class ShardOutageTests(BookingFixture fixture)
{
    [Fact]
    public async Task A_stopped_shard_only_affects_its_own_events()
    {
        var system = fixture.System;
        var users = await fixture.UsersAsync();
        using var admin = system.CreateGatewayClient(await fixture.AdminTokenAsync());
        var healthy = await BookingApi.CreateEventOnShardAsync(admin, 100, 0, system.BookingShards);
        var doomed = await BookingApi.CreateEventOnShardAsync(admin, 100, 1, system.BookingShards);
        using var client = system.CreateGatewayClient(users[50].Token);
        Assert.Equal(HttpStatusCode.Created, (await BookingApi.BookAsync(client, healthy, 1)).Status);
        var (doomedStatus, doomedBody) = await BookingApi.BookAsync(client, doomed, 1);
        Assert.Equal(HttpStatusCode.Created, doomedStatus);
        var doomedBooking = $"{BookingApi.Path}/{doomedBody["booking"]!["id"]!.GetValue<string>()}";

        await system.StopResourceAsync("booking-db-1");
        try
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
            {
                using var c = system.CreateGatewayClient(users[60 + i].Token);
                return (Healthy: await BookingApi.BookAsync(c, healthy, 1), Doomed: await BookingApi.BookAsync(c, doomed, 1));
            }));
            Assert.All(results, r =>
            {
                Assert.Equal(HttpStatusCode.Created, r.Healthy.Status);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, r.Doomed.Status);
                Assert.Equal("Booking is temporarily unavailable for this event; please retry shortly", r.Doomed.Body["error"]!.GetValue<string>());
            });

            // Booking, reading and cancelling on the stopped shard all tell the client when to try again.
            await client.AssertRetryLaterAsync(HttpMethod.Post, BookingApi.Path, new { event_id = doomed, quantity = 1 });
            await client.AssertRetryLaterAsync(HttpMethod.Get, doomedBooking);
            await client.AssertRetryLaterAsync(HttpMethod.Post, $"{doomedBooking}/cancel");

            var (status, report) = await BookingApi.SendAsync(admin, HttpMethod.Get, "api/v1/admin/consistency");
            Assert.Equal(HttpStatusCode.OK, status);
            var shards = report["shards"]!.AsArray();
            Assert.Equal("unavailable", shards.Single(s => s!["name"]!.GetValue<string>() == "booking-db-1")!["status"]!.GetValue<string>());
            Assert.Equal("ok", shards.Single(s => s!["name"]!.GetValue<string>() == "booking-db-0")!["status"]!.GetValue<string>());
            Assert.Equal(0, report["oversold_events"]!.GetValue<int>());
        }
        finally
        {
            await system.StartResourceAsync("booking-db-1");
        }

        // Back: the shard serves again once the pool has replaced its dead connections.
        await BookingApi.UntilAsync(async () => (await BookingApi.BookAsync(client, doomed, 1)).Status == HttpStatusCode.Created,
            TimeSpan.FromSeconds(60), "booking on the restarted shard");
        var doomedRow = await ConsistencySql.ReadAsync(BookingApi.ShardConnectionString(system, doomed), doomed);
        ConsistencySql.AssertHolds(doomedRow);
        Assert.Equal(2, doomedRow.Booked); // nothing from the outage was half-written, nor cancelled
        var healthyRow = await ConsistencySql.ReadAsync(BookingApi.ShardConnectionString(system, healthy), healthy);
        ConsistencySql.AssertHolds(healthyRow);
        Assert.Equal(21, healthyRow.Booked);

        await using var db = new NpgsqlConnection(BookingApi.ShardConnectionString(system, doomed));
        Assert.Equal(2, await db.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM outbox_messages WHERE payload->>'event_id' = @id", new { id = doomed.ToString() }));
    }
}
