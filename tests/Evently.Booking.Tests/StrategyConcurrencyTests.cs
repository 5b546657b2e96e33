using System.Net;
using Evently.BookingService.Strategies;

namespace Evently.Booking.Tests;

/// <summary>
/// For every strategy: 500 parallel requests of 1–3 seats from distinct users against 100 seats sell exactly 100,
/// every refusal is the exact "Only N seats available" (or, for redis-lock, the lock message, or a load-shedding 503 past
/// the strategy's bound on the shard), and the invariant holds in SQL on the shard and in the consistency report.
/// </summary>
[Collection("booking")]
public sealed class StrategyConcurrencyTests(BookingFixture fixture)
{
    private const int Capacity = 100;
    private const int Requests = 500;
    private const string BusyMessage = "Event is being booked by another user. Please try again.";

    private static bool IsBusy(System.Text.Json.Nodes.JsonObject body) => body["error"]?.GetValue<string>() == BusyMessage;

    private static bool IsShed(HttpStatusCode status, System.Text.Json.Nodes.JsonObject body) =>
        status == HttpStatusCode.ServiceUnavailable
        && body["error"]?.GetValue<string>().StartsWith("The booking service is at capacity right now", StringComparison.Ordinal) == true;

    [Theory]
    [InlineData(StrategyNames.Atomic)]
    [InlineData(StrategyNames.RowLock)]
    [InlineData(StrategyNames.Optimistic)]
    [InlineData(StrategyNames.RedisLock)]
    public async Task Parallel_requests_never_oversell(string strategy)
    {
        await fixture.UseStrategyAsync(strategy);
        var system = fixture.System;
        var users = await fixture.UsersAsync();
        using var admin = system.CreateGatewayClient(await fixture.AdminTokenAsync());
        var eventId = await BookingApi.CreateEventAsync(admin, Capacity);

        var clients = users.Select(u => system.CreateGatewayClient(u.Token)).ToList();
        try
        {
            var busy = 0;
            var start = new TaskCompletionSource();
            var tasks = Enumerable.Range(0, Requests).Select(async i =>
            {
                await start.Task;
                var quantity = 1 + (i % 3);
                var result = await BookingApi.BookAsync(clients[i % clients.Count], eventId, quantity);
                if (IsBusy(result.Body))
                {
                    Interlocked.Increment(ref busy);
                }

                return (Quantity: quantity, Result: result);
            }).ToList();
            start.SetResult();
            var results = await Task.WhenAll(tasks);

            var sold = results.Where(r => r.Result.Status == HttpStatusCode.Created).Sum(r => r.Quantity);
            // "Busy" and a shed 503 ask the client to try again: one client, one seat at a time (no contention), sells
            // whatever the burst left, so no seat was lost or doubled by it.
            while (sold < Capacity)
            {
                var (status, body) = await BookingApi.BookAsync(clients[0], eventId, 1);
                Assert.True(status == HttpStatusCode.Created || IsBusy(body) || IsShed(status, body), $"top-up: {(int)status}: {body}");
                sold += status == HttpStatusCode.Created ? 1 : 0;
            }

            var (last, lastBody) = await BookingApi.BookAsync(clients[0], eventId, 1);
            Assert.Equal(HttpStatusCode.Conflict, last);
            Assert.Equal("Only 0 seats available", lastBody["error"]!.GetValue<string>());

            Assert.Equal(Capacity, sold);
            foreach (var (quantity, (status, body)) in results.Where(r => r.Result.Status != HttpStatusCode.Created && !IsShed(r.Result.Status, r.Result.Body)))
            {
                Assert.True(status == HttpStatusCode.Conflict, $"{strategy}: unexpected {(int)status}: {body}");
                var error = body["error"]!.GetValue<string>();
                var allowed = error.StartsWith("Only ", StringComparison.Ordinal) && error.EndsWith(" seats available", StringComparison.Ordinal)
                    || (strategy == StrategyNames.RedisLock && error == BusyMessage);
                Assert.True(allowed, $"{strategy}: unexpected refusal '{error}'");
                if (error.StartsWith("Only ", StringComparison.Ordinal))
                {
                    var n = int.Parse(error["Only ".Length..error.IndexOf(' ', "Only ".Length)]);
                    Assert.InRange(n, 0, quantity - 1); // the real number at that request's turn: too few for it
                }
            }

            Assert.True(strategy == StrategyNames.RedisLock || busy == 0, $"{strategy} answered 'busy' {busy} times");
            var row = await ConsistencySql.ReadAsync(BookingApi.ShardConnectionString(system, eventId), eventId);
            ConsistencySql.AssertHolds(row);
            Assert.Equal(0, row.AvailableSeats);
            Assert.Equal(Capacity, row.Booked);

            var (reportStatus, report) = await BookingApi.SendAsync(admin, HttpMethod.Get, $"api/v1/admin/consistency?event_id={eventId}");
            Assert.Equal(HttpStatusCode.OK, reportStatus);
            Assert.Equal(0, report["oversold_events"]!.GetValue<int>());
            Assert.Equal(0, report["mismatched_events"]!.GetValue<int>());
            var evt = Assert.Single(report["events"]!.AsArray());
            Assert.Equal(Capacity, evt!["total_booked"]!.GetValue<int>());
            Assert.True(evt["consistent"]!.GetValue<bool>());
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
            await fixture.UseStrategyAsync(StrategyNames.Atomic);
        }
    }
}
