using System.Net;
using Dapper;
using Npgsql;

namespace Evently.Booking.Tests;

[Collection("booking")]
public sealed class IdempotencyTests(BookingFixture fixture)
{
    [Fact]
    public async Task Fifty_parallel_requests_with_one_key_make_one_booking()
    {
        await fixture.UseStrategyAsync("atomic");
        var system = fixture.System;
        var user = (await fixture.UsersAsync())[0];
        using var admin = system.CreateGatewayClient(await fixture.AdminTokenAsync());
        var eventId = await BookingApi.CreateEventAsync(admin, 100);
        using var client = system.CreateGatewayClient(user.Token);
        var key = $"key-{Guid.NewGuid():N}";

        var start = new TaskCompletionSource();
        var tasks = Enumerable.Range(0, 50).Select(async _ =>
        {
            await start.Task;
            return await BookingApi.BookAsync(client, eventId, 2, key);
        }).ToList();
        start.SetResult();
        var results = await Task.WhenAll(tasks);

        Assert.All(results, r => Assert.True(r.Status is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)r.Status}: {r.Body}"));
        Assert.Single(results, r => r.Status == HttpStatusCode.Created);
        var ids = results.Select(r => r.Body["booking"]!["id"]!.GetValue<string>()).Distinct().ToList();
        Assert.Single(ids);
        Assert.Single(results.Select(r => r.Body["booking"]!.ToJsonString()).Distinct()); // the same body every time

        await using var db = new NpgsqlConnection(BookingApi.ShardConnectionString(system, eventId));
        Assert.Equal(1, await db.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM bookings WHERE user_id = @UserId AND idempotency_key = @key", new { user.UserId, key }));
        ConsistencySql.AssertHolds(await ConsistencySql.ReadAsync(BookingApi.ShardConnectionString(system, eventId), eventId));
        Assert.Equal(98, (await ConsistencySql.ReadAsync(BookingApi.ShardConnectionString(system, eventId), eventId)).AvailableSeats);
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_a_422()
    {
        var system = fixture.System;
        var user = (await fixture.UsersAsync())[1];
        using var admin = system.CreateGatewayClient(await fixture.AdminTokenAsync());
        var eventId = await BookingApi.CreateEventAsync(admin, 10);
        var otherEvent = await BookingApi.CreateEventAsync(admin, 10);
        using var client = system.CreateGatewayClient(user.Token);
        var key = $"key-{Guid.NewGuid():N}";

        Assert.Equal(HttpStatusCode.Created, (await BookingApi.BookAsync(client, eventId, 1, key)).Status);
        var (status, body) = await BookingApi.BookAsync(client, eventId, 2, key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.False(body["success"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await BookingApi.BookAsync(client, otherEvent, 1, key)).Status);

        // Another user may use the same key for their own booking.
        using var other = system.CreateGatewayClient((await fixture.UsersAsync())[2].Token);
        Assert.Equal(HttpStatusCode.Created, (await BookingApi.BookAsync(other, eventId, 1, key)).Status);
        Assert.Equal(8, (await ConsistencySql.ReadAsync(BookingApi.ShardConnectionString(system, eventId), eventId)).AvailableSeats);
    }
}
