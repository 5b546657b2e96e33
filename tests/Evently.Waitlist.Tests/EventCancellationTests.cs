using System.Net;
using Dapper;
using Evently.Testing;
using Npgsql;

namespace Evently.Waitlist.Tests;

/// <summary>An event cancelled while people wait: their entries end and the waitlist's messages keep flowing.</summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class EventCancellationTests(WaitlistFixture fixture)
{
    private EventlySystem System => fixture.System;

    [Fact]
    public async Task Cancelling_the_event_cancels_its_waiting_entries_and_relays_one_WaitlistLeft_each()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await Api.SoldOutEventAsync(System, admin);
        var waiting = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            var (user, _) = await Api.NewUserAsync(System);
            var joined = await Api.JoinAsync(user, eventId, 1);
            Assert.True(joined.Status == HttpStatusCode.Created, $"join answered {joined}");
            return (User: user, EntryId: joined.Body.GetProperty("id").GetGuid());
        }));

        using (var cancelled = await admin.DeleteAsync($"api/v1/events/{eventId}"))
        {
            Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        }

        foreach (var (user, entryId) in waiting)
        {
            await Api.WaitForEntryAsync(user, entryId, "cancelled");
        }

        // Written in the cancelling transaction and relayed: one WaitlistLeft per entry (not one message holding a
        // list, which no consumer knows and which would stop the waitlist's outbox for good).
        await using var connection = new NpgsqlConnection(System.ConnectionString("waitlist-db"));
        var sent = await Eventually.UntilAsync(
            () => connection.QuerySingleAsync<(long Left, long Unsent)>(
                """
                SELECT count(*) FILTER (WHERE message_type = 'Evently.Contracts.WaitlistLeft' AND payload->>'event_id' = @id AND sent_at IS NOT NULL),
                       count(*) FILTER (WHERE sent_at IS NULL)
                FROM outbox_messages
                """, new { id = eventId.ToString() }),
            counts => counts.Left == waiting.Length && counts.Unsent == 0, Api.Deadline, "the WaitlistLeft messages relayed");
        Assert.Equal(waiting.Length, sent.Left);
    }
}
