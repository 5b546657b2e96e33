using System.Net;
using Evently.Testing;

namespace Evently.Waitlist.Tests;

/// <summary>Joining, positions, leaving: the waitlist API on its own.</summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class WaitlistEntryTests(WaitlistFixture fixture)
{
    private EventlySystem System => fixture.System;

    [Fact]
    public async Task ConcurrentJoinsGetDistinctPositionsInJoinOrder()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await Api.SoldOutEventAsync(System, admin);

        var users = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Api.NewUserAsync(System)));
        var joins = await Task.WhenAll(users.Select(u => Api.JoinAsync(u.Client, eventId, 1)));

        Assert.All(joins, j => Assert.True(j.Status == HttpStatusCode.Created, $"join answered {j}"));
        var entries = joins.Select(j => j.Body).ToList();
        Assert.Equal(Enumerable.Range(1, 12), entries.Select(e => e.GetProperty("position").GetInt32()).Order());
        Assert.All(entries, e => Assert.Equal("waiting", e.GetProperty("status").GetString()));
        // Positions follow join order (created_at), and reading them again gives the same answer.
        var byPosition = entries.OrderBy(e => e.GetProperty("position").GetInt32()).ToList();
        Assert.Equal(byPosition.Select(e => e.GetProperty("created_at").GetDateTimeOffset()).Order(),
            byPosition.Select(e => e.GetProperty("created_at").GetDateTimeOffset()));
        for (var i = 0; i < users.Length; i++)
        {
            var live = await Api.EntryAsync(users[i].Client, entries[i].GetProperty("id").GetGuid());
            Assert.Equal(entries[i].GetProperty("position").GetInt32(), live.GetProperty("position").GetInt32());
        }

        // The fifth leaves: everyone behind moves up one place, nobody in front moves.
        var fifth = Array.FindIndex(entries.ToArray(), e => e.GetProperty("position").GetInt32() == 5);
        var left = await Api.SendAsync(users[fifth].Client, HttpMethod.Delete, $"api/v1/waitlist/{entries[fifth].GetProperty("id").GetGuid()}");
        Assert.Equal(HttpStatusCode.OK, left.Status);
        Assert.Equal("left", left.Body.GetProperty("status").GetString());
        for (var i = 0; i < users.Length; i++)
        {
            var before = entries[i].GetProperty("position").GetInt32();
            var live = await Api.EntryAsync(users[i].Client, entries[i].GetProperty("id").GetGuid());
            if (i == fifth)
            {
                Assert.Equal("left", live.GetProperty("status").GetString());
                continue;
            }

            Assert.Equal(before > 5 ? before - 1 : before, live.GetProperty("position").GetInt32());
        }
    }

    [Fact]
    public async Task JoiningTwiceReturnsTheSameEntryAndOnlySoldOutEventsHaveAWaitlist()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity: 2);
        var (user, _) = await Api.NewUserAsync(System);

        var early = await Api.JoinAsync(user, eventId, 1);
        Assert.Equal(HttpStatusCode.Conflict, early.Status);
        Assert.Equal("Seats are available, book them directly", early.Detail);

        var (buyer, _) = await Api.NewUserAsync(System);
        await Api.BookOrFailAsync(buyer, eventId, 2);
        var first = await Api.JoinAsync(user, eventId, 1);
        Assert.Equal(HttpStatusCode.Created, first.Status);
        var second = await Api.JoinAsync(user, eventId, 1);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(first.Body.GetProperty("id").GetGuid(), second.Body.GetProperty("id").GetGuid());

        var mine = await Api.GetAsync(user, "api/v1/waitlist");
        Assert.Equal(HttpStatusCode.OK, mine.Status);
        Assert.Single(mine.Body.GetProperty("entries").EnumerateArray());

        // Someone else's entry is not found, like a missing one.
        var (other, _) = await Api.NewUserAsync(System);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(other, $"api/v1/waitlist/{first.Body.GetProperty("id").GetGuid()}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(user, $"api/v1/waitlist/{Guid.NewGuid()}")).Status);
    }

    [Fact]
    public async Task BadJoinsAreClientErrors()
    {
        var (user, _) = await Api.NewUserAsync(System);
        var zero = await Api.SendAsync(user, HttpMethod.Post, "api/v1/waitlist", new { event_id = Guid.NewGuid(), quantity = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, zero.Status);
        var missing = await Api.SendAsync(user, HttpMethod.Post, "api/v1/waitlist", new { quantity = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        var wrongType = await Api.SendAsync(user, HttpMethod.Post, "api/v1/waitlist", new { event_id = Guid.NewGuid(), quantity = "2" });
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.Status);
        var unknown = await Api.JoinAsync(user, Guid.NewGuid(), 1);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);

        using var anonymous = System.CreateGatewayClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.JoinAsync(anonymous, Guid.NewGuid(), 1)).Status);
    }
}
