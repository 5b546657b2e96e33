using System.Globalization;
using System.Net;
using Evently.Testing;

namespace Evently.Replicas.Tests;

/// <summary>
/// Two gateways in front of two booking replicas, both batching the same hot event: exactly its seats are sold, every
/// refusal names the exact count left, and nothing waits on a deadlock.
/// </summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class HotEventTests(ReplicasFixture fixture)
{
    private const int Capacity = 100;
    private const int Requests = 300;
    private EventlySystem System => fixture.System;

    [Fact]
    public async Task Two_booking_replicas_sell_exactly_the_capacity_and_refuse_with_the_seats_left()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(Capacity);
        var users = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => Api.NewUserAsync(System)));
        // Each gateway replica gets its share of the burst at its own address; each spreads over both booking replicas.
        var gateways = System.Instances("gateway").Select(System.ReplicaUrl).ToList();
        var clients = users.Select((u, i) => new HttpClient
        {
            BaseAddress = gateways[i % gateways.Count],
            DefaultRequestHeaders = { Authorization = u.Client.DefaultRequestHeaders.Authorization },
        }).ToList();
        try
        {
            var start = new TaskCompletionSource();
            var burst = Enumerable.Range(0, Requests).Select(async i =>
            {
                await start.Task;
                var quantity = 1 + (i % 3);
                return (Quantity: quantity, Answer: await Api.BookAsync(clients[i % clients.Count], eventId, quantity));
            }).ToList();
            start.SetResult();
            var answers = await Task.WhenAll(burst);

            Assert.Equal(Capacity, answers.Where(a => a.Answer.Status == HttpStatusCode.Created).Sum(a => a.Quantity));
            foreach (var (quantity, answer) in answers.Where(a => a.Answer.Status != HttpStatusCode.Created))
            {
                Assert.True(answer.Status == HttpStatusCode.Conflict, $"unexpected {answer}");
                Assert.Matches(@"^Only [0-9]+ seats available$", answer.Detail);
                Assert.True(int.Parse(answer.Detail.Split(' ')[1], CultureInfo.InvariantCulture) < quantity, answer.Detail);
            }

            var sold = await Api.OnShardsAsync<long>(System,
                "SELECT coalesce(sum(quantity), 0) FROM bookings WHERE event_id = @eventId AND status = 'confirmed'", new { eventId });
            Assert.Equal(Capacity, sold.Sum());
            var inventory = await Api.InventoryAsync(System, eventId);
            Assert.Equal(0, inventory.GetProperty("available_seats").GetInt32());
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
            foreach (var (client, _) in users)
            {
                client.Dispose();
            }
        }
    }
}
