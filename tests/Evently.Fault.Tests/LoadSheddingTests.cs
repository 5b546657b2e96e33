using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Evently.Testing;
using Npgsql;

namespace Evently.Fault.Tests;

/// <summary>
/// Load shedding, made deterministic: the booking service restarts with a bound of one running booking (one
/// waiting, for 1 s) and one running hold (none waiting) per shard, and the test holds the event's inventory row
/// lock in SQL so the running ones cannot finish. Everything past the bound must be refused with 503 + Retry-After
/// (problem+json, through the gateway) and change nothing.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class LoadSheddingTests(FaultFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Past_the_shards_bound_requests_are_refused_with_503_and_Retry_After_and_change_nothing()
    {
        var system = fixture.System;
        var users = await fixture.UsersAsync();
        using var admin = await fixture.AdminAsync();
        var clients = users.Take(6).Select(u => system.CreateGatewayClient(u.Token)).ToArray();
        var eventId = await FaultApi.CreateEventAsync(admin, 100);
        await FaultApi.PrimeAsync(clients[0], [eventId]);

        await system.RestartResourceAsync("booking", new Dictionary<string, string>
        {
            ["Booking__Shedding__MaxInFlight"] = "1",
            ["Booking__Shedding__MaxQueue"] = "1",
            ["Booking__Shedding__MaxQueueWaitMs"] = "1000",
            // The static bounds are under test here; the drain-rate bound has its own (ShardGateTests). Off, since a line
            // stuck behind the row lock finishes nothing, and a half-second sample of that would refuse every newcomer.
            ["Booking__Shedding__TargetQueueWaitMs"] = "0",
            ["Booking__Shedding__HoldMaxInFlight"] = "1",
            ["Booking__Shedding__HoldMaxQueue"] = "0",
        });
        try
        {
            var shard = FaultApi.ShardConnectionString(system, eventId);
            await using var locker = await RowLock.TakeAsync(shard, eventId);

            // The one booking and the one hold the shard may run, both stuck behind the row lock.
            var running = FaultApi.BookAsync(clients[1], eventId, 1);
            await WaitForLockWaitersAsync(shard, 1);
            var holding = FaultApi.SendAsync(clients[2], HttpMethod.Post, "api/v1/holds", JsonContent.Create(new { event_id = eventId, quantity = 1 }));
            await WaitForLockWaitersAsync(shard, 2);

            // Two more bookings: one takes the only place in line and is refused at its 1 s deadline, the other finds
            // the line full and is refused at once (which is which depends on arrival). A hold finds no place at all.
            var shed = await Task.WhenAll(
                PostAsync(clients[3], "api/v1/bookings", eventId),
                PostAsync(clients[4], "api/v1/bookings", eventId),
                PostAsync(clients[5], "api/v1/holds", eventId));
            foreach (var answer in shed)
            {
                AssertShed(answer);
            }

            var details = shed[..2].Select(a => a.Body!["detail"]!.GetValue<string>()).ToArray();
            Assert.Contains(details, d => d.Contains("too many requests", StringComparison.Ordinal));
            Assert.Contains(details, d => d.Contains("waited 1 s for its turn", StringComparison.Ordinal));

            await locker.ReleaseAsync();
            var (status, body) = await running;
            Assert.True(status == HttpStatusCode.Created, $"the running booking answered {(int)status}: {body}");
            (status, body) = await holding;
            Assert.True(status == HttpStatusCode.Created, $"the running hold answered {(int)status}: {body}");

            // Nothing the refused requests asked for happened: 2 seats sold (prime + the running one), 1 in checkout.
            await Invariants.AssertConsistentAsync(admin, eventId);
            await using var db = new NpgsqlConnection(shard);
            var row = await db.QuerySingleAsync<(int Available, int Checkout, int Booked, int Holds)>(
                """
                SELECT i.available_seats, i.checkout_seats,
                       (SELECT count(*) FROM bookings b WHERE b.event_id = i.event_id)::int,
                       (SELECT count(*) FROM holds h WHERE h.event_id = i.event_id)::int
                FROM event_inventory i WHERE i.event_id = @eventId
                """, new { eventId });
            Assert.Equal((97, 1, 2, 1), row);
        }
        finally
        {
            await system.RestartResourceAsync("booking");
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task Past_the_gateways_bound_booking_writes_are_refused_at_the_front_door_and_change_nothing()
    {
        var system = fixture.System;
        var users = await fixture.UsersAsync();
        using var admin = await fixture.AdminAsync();
        var clients = users.Take(3).Select(u => system.CreateGatewayClient(u.Token)).ToArray();
        var eventId = await FaultApi.CreateEventAsync(admin, 100);
        await FaultApi.PrimeAsync(clients[0], [eventId]);

        await system.RestartResourceAsync("gateway", new Dictionary<string, string>
        {
            ["Gateway__Shedding__MaxBookingWritesInFlight"] = "1",
        });
        try
        {
            var shard = FaultApi.ShardConnectionString(system, eventId);
            await using var locker = await RowLock.TakeAsync(shard, eventId);

            // The one booking write this gateway lets through, stuck behind the row lock.
            var running = FaultApi.BookAsync(clients[1], eventId, 1);
            await WaitForLockWaitersAsync(shard, 1);

            var booking = await PostAsync(clients[2], "api/v1/bookings", eventId);
            var hold = await PostAsync(clients[2], "api/v1/holds", eventId);
            AssertShed(booking);
            AssertShed(hold);
            Assert.Contains("already on their way", booking.Body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);

            // Reads are not booking writes: they still pass while the bound is taken.
            using var detail = await clients[2].GetAsync($"api/v1/events/{eventId}");
            Assert.Equal(HttpStatusCode.OK, detail.StatusCode);

            await locker.ReleaseAsync();
            var (status, body) = await running;
            Assert.True(status == HttpStatusCode.Created, $"the running booking answered {(int)status}: {body}");

            // The refused requests changed nothing: 2 seats sold (prime + the running one), no hold.
            await Invariants.AssertConsistentAsync(admin, eventId);
            await using var db = new NpgsqlConnection(shard);
            var row = await db.QuerySingleAsync<(int Available, int Checkout, int Booked)>(
                """
                SELECT i.available_seats, i.checkout_seats,
                       (SELECT count(*) FROM bookings b WHERE b.event_id = i.event_id)::int
                FROM event_inventory i WHERE i.event_id = @eventId
                """, new { eventId });
            Assert.Equal((98, 0, 2), row);
        }
        finally
        {
            await system.RestartResourceAsync("gateway");
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private static void AssertShed((HttpStatusCode Status, string? ContentType, bool RetryAfter, JsonObject? Body) answer)
    {
        Assert.True(answer.Status == HttpStatusCode.ServiceUnavailable, $"expected 503, got {(int)answer.Status}: {answer.Body}");
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.True(answer.RetryAfter, "a shed 503 carries Retry-After through the gateway");
        Assert.False(answer.Body!["success"]!.GetValue<bool>());
        Assert.Contains("at capacity", answer.Body["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(503, answer.Body["status"]!.GetValue<int>());
        Assert.NotNull(answer.Body["trace_id"]);
    }

    private static async Task<(HttpStatusCode Status, string? ContentType, bool RetryAfter, JsonObject? Body)> PostAsync(
        HttpClient client, string path, Guid eventId)
    {
        using var response = await client.PostAsJsonAsync(path, new { event_id = eventId, quantity = 1 });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject;
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Headers.RetryAfter is not null, body);
    }

    /// <summary>The event's inventory row locked by a session of the test's own, so the service's requests queue behind it.</summary>
    private sealed class RowLock(NpgsqlConnection connection, NpgsqlTransaction tx) : IAsyncDisposable
    {
        public static async Task<RowLock> TakeAsync(string shard, Guid eventId)
        {
            var connection = new NpgsqlConnection(shard);
            await connection.OpenAsync();
            var tx = await connection.BeginTransactionAsync();
            await connection.ExecuteAsync("SELECT 1 FROM event_inventory WHERE event_id = @eventId FOR UPDATE", new { eventId }, tx);
            return new RowLock(connection, tx);
        }

        public Task ReleaseAsync() => tx.CommitAsync();

        public async ValueTask DisposeAsync()
        {
            await tx.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    /// <summary>Waits until <paramref name="count"/> sessions on the shard wait for a lock (the test's row lock).</summary>
    private static Task WaitForLockWaitersAsync(string shard, int count) =>
        Eventually.UntilAsync(async () =>
        {
            await using var db = new NpgsqlConnection(shard);
            return await db.ExecuteScalarAsync<int>(
                "SELECT count(*)::int FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database() AND query LIKE '%event_inventory%'") >= count;
        }, Deadline, $"{count} request(s) waiting on the event's row lock");
}
