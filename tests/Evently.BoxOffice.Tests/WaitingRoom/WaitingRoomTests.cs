using System.Net;
using System.Text.Json;
using Evently.BoxOffice.Tests.Holds;
using Evently.Testing;

namespace Evently.BoxOffice.Tests.WaitingRoom;

/// <summary>
/// The virtual waiting room: one ticket per user, admission first come first served at the event's rate, and a pass
/// that bookings and holds of the event require while the room is on.
/// </summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class WaitingRoomTests(BoxOfficeFixture fixture)
{
    private EventlySystem System => fixture.System;

    [Fact]
    public async Task Joining_again_returns_the_same_ticket_and_only_its_owner_reads_it()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity: 10);
        // One a minute: nobody is let in while this test looks at the queue.
        await QueueApi.EnableAsync(admin, eventId, perMinute: 1);
        var (first, _) = await Api.NewUserAsync(System);
        var (second, _) = await Api.NewUserAsync(System);

        var ticket = await QueueApi.JoinOrFailAsync(first, eventId);
        var ticketId = ticket.GetProperty("ticket_id").GetGuid();
        Assert.Equal(eventId, ticket.GetProperty("event_id").GetGuid());
        Assert.Equal("waiting", ticket.GetProperty("status").GetString());
        Assert.Equal(1, ticket.GetProperty("position").GetInt64());
        Assert.Equal(60, ticket.GetProperty("estimated_wait_seconds").GetDouble());
        Assert.True(ticket.GetProperty("poll_after_ms").GetInt32() >= 1000);
        var behind = await QueueApi.JoinOrFailAsync(second, eventId);
        Assert.Equal(2, behind.GetProperty("position").GetInt64());

        // Reconnecting, or joining many times at once, gives the same ticket and place: never a second one.
        var again = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => QueueApi.JoinAsync(first, eventId)));
        Assert.All(again, a =>
        {
            Assert.True(a.Status == HttpStatusCode.OK, $"re-join answered {a}");
            Assert.Equal(ticketId, a.Body.GetProperty("ticket_id").GetGuid());
            Assert.Equal(1, a.Body.GetProperty("position").GetInt64());
        });
        var mine = await QueueApi.TicketAsync(first, eventId, ticketId);
        Assert.Equal(HttpStatusCode.OK, mine.Status);
        Assert.Equal("waiting", mine.Body.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, mine.Body.GetProperty("pass").ValueKind);

        Assert.Equal(HttpStatusCode.NotFound, (await QueueApi.TicketAsync(second, eventId, ticketId)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await QueueApi.TicketAsync(admin, eventId, ticketId)).Status);
        var rows = await Api.OnShardsAsync<int>(System, "SELECT count(*)::int FROM queue_tickets WHERE event_id = @eventId", new { eventId });
        Assert.Equal(2, rows.Sum());

        var room = await Api.GetAsync(admin, $"api/v1/events/{eventId}/waiting-room");
        Assert.Equal(HttpStatusCode.OK, room.Status);
        Assert.True(room.Body.GetProperty("enabled").GetBoolean());
        Assert.Equal(2, room.Body.GetProperty("joined").GetInt64());
        Assert.Equal(2, room.Body.GetProperty("waiting").GetInt64());
    }

    [Fact]
    public async Task Buyers_are_admitted_in_the_order_they_joined()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity: 100);
        await QueueApi.EnableAsync(admin, eventId, perMinute: 1);
        const int buyers = 24;
        var clients = new HttpClient[buyers];
        await Parallel.ForAsync(0, buyers, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => clients[i] = (await Api.NewUserAsync(System)).Client);
        var users = new List<(HttpClient Client, Guid Ticket)>();
        for (var i = 0; i < buyers; i++)
        {
            var client = clients[i];
            var ticket = await QueueApi.JoinOrFailAsync(client, eventId);
            Assert.Equal(i + 1, ticket.GetProperty("position").GetInt64());
            users.Add((client, ticket.GetProperty("ticket_id").GetGuid()));
        }

        // Open the gate (10 a second): several admission rounds, each taking the next ones in line.
        await QueueApi.EnableAsync(admin, eventId, perMinute: 600);
        foreach (var (client, ticket) in users)
        {
            await QueueApi.WaitForPassAsync(client, eventId, ticket);
        }

        var admitted = await Api.OnShardsAsync<(long Number, DateTime AdmittedAt)>(System,
            "SELECT number, admitted_at FROM queue_tickets WHERE event_id = @eventId ORDER BY number", new { eventId });
        Assert.Equal(Enumerable.Range(1, buyers).Select(n => (long)n), admitted.Select(a => a.Number));
        for (var i = 1; i < admitted.Count; i++)
        {
            Assert.True(admitted[i].AdmittedAt >= admitted[i - 1].AdmittedAt, $"ticket {admitted[i].Number} was let in before {admitted[i - 1].Number}");
        }

        // More than one round: the rate, not one big batch, let them in.
        Assert.True(admitted.Select(a => a.AdmittedAt).Distinct().Count() > 1);
        foreach (var (client, _) in users)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task Bookings_and_holds_need_the_buyers_own_pass_for_the_event_while_the_room_is_on()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity: 10);
        var otherEvent = await admin.CreateEventAsync(capacity: 10);
        await QueueApi.EnableAsync(admin, eventId, perMinute: 600);
        await QueueApi.EnableAsync(admin, otherEvent, perMinute: 600);
        var (buyer, _) = await Api.NewUserAsync(System);
        var (other, _) = await Api.NewUserAsync(System);

        var ticket = await QueueApi.JoinOrFailAsync(buyer, eventId);
        var pass = await QueueApi.WaitForPassAsync(buyer, eventId, ticket.GetProperty("ticket_id").GetGuid());
        var otherTicket = await QueueApi.JoinOrFailAsync(buyer, otherEvent);
        var otherEventPass = await QueueApi.WaitForPassAsync(buyer, otherEvent, otherTicket.GetProperty("ticket_id").GetGuid());

        foreach (var (answer, expected) in new[]
        {
            (await QueueApi.BookAsync(buyer, eventId, 1, null), "This event has a waiting room: join the queue at POST"),
            (await QueueApi.HoldAsync(buyer, eventId, 1, null), "This event has a waiting room: join the queue at POST"),
            (await QueueApi.BookAsync(other, eventId, 1, pass), "This queue pass belongs to another user or event"),
            (await QueueApi.HoldAsync(other, eventId, 1, pass), "This queue pass belongs to another user or event"),
            (await QueueApi.BookAsync(buyer, eventId, 1, otherEventPass), "This queue pass belongs to another user or event"),
            (await QueueApi.BookAsync(buyer, eventId, 1, "not-a-pass"), "The queue pass is not valid"),
            // A bearer token is not a pass (another audience), even the buyer's own.
            (await QueueApi.BookAsync(buyer, eventId, 1, buyer.DefaultRequestHeaders.Authorization!.Parameter), "The queue pass is not valid"),
        })
        {
            Assert.True(answer.Status == HttpStatusCode.Forbidden, $"expected 403, got {answer}");
            Assert.StartsWith(expected, answer.Detail, StringComparison.Ordinal);
            Assert.False(answer.Body.GetProperty("success").GetBoolean());
        }

        var untouched = await Api.InventoryAsync(System, eventId);
        Assert.Equal(10, untouched.GetProperty("available_seats").GetInt32());
        Assert.Equal(0, untouched.GetProperty("checkout_seats").GetInt32());

        var booked = await QueueApi.BookAsync(buyer, eventId, 2, pass);
        Assert.True(booked.Status == HttpStatusCode.Created, $"booking with a pass answered {booked}");
        var held = await QueueApi.HoldAsync(buyer, eventId, 1, pass);
        Assert.True(held.Status == HttpStatusCode.Created, $"hold with a pass answered {held}");
        // The hold already carries the admission: its confirm needs no pass (it may come after the pass has run out).
        var confirmed = await HoldApi.ConfirmAsync(buyer, held.Body.GetProperty("id").GetGuid());
        Assert.True(confirmed.Status == HttpStatusCode.Created, $"confirm answered {confirmed}");
        Assert.Equal(7, (await Api.InventoryAsync(System, eventId)).GetProperty("available_seats").GetInt32());

        // Turned off, the event sells without a pass again on every replica within the flag's cache time.
        var off = await QueueApi.ConfigureAsync(admin, eventId, new { enabled = false });
        Assert.True(off.Status == HttpStatusCode.OK, $"turning off answered {off}");
        await Eventually.UntilAsync(async () => (await QueueApi.BookAsync(other, eventId, 1, null)).Status == HttpStatusCode.Created,
            Api.Deadline, "booking without a pass should work once the room is off");
        await HoldApi.AssertConsistentAsync(admin, eventId);
    }

    [Fact]
    public async Task A_pass_expires_and_is_not_renewed()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity: 10);
        await QueueApi.EnableAsync(admin, eventId, perMinute: 600, passSeconds: 5);
        var (buyer, _) = await Api.NewUserAsync(System);
        var ticketId = (await QueueApi.JoinOrFailAsync(buyer, eventId)).GetProperty("ticket_id").GetGuid();
        var pass = await QueueApi.WaitForPassAsync(buyer, eventId, ticketId);
        var admitted = await QueueApi.TicketAsync(buyer, eventId, ticketId);
        var expiresAt = admitted.Body.GetProperty("pass").GetProperty("expires_at").GetDateTime();
        Assert.InRange(expiresAt - admitted.Body.GetProperty("admitted_at").GetDateTime(), TimeSpan.FromSeconds(4.9), TimeSpan.FromSeconds(5.1));
        Assert.Equal(HttpStatusCode.Created, (await QueueApi.BookAsync(buyer, eventId, 1, pass)).Status);

        var expired = await Eventually.UntilAsync(() => QueueApi.TicketAsync(buyer, eventId, ticketId),
            t => t.Body.GetProperty("status").GetString() == "expired", Api.Deadline, "the pass should run out");
        Assert.Equal(JsonValueKind.Null, expired.Body.GetProperty("pass").ValueKind);
        // The ticket and the pass end at the same moment: once the ticket says expired, the pass is refused.
        var refused = await QueueApi.BookAsync(buyer, eventId, 1, pass);
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.StartsWith("Your queue pass has expired", refused.Detail, StringComparison.Ordinal);

        // Joining again is the same, spent ticket: no second admission.
        var again = await QueueApi.JoinAsync(buyer, eventId);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(ticketId, again.Body.GetProperty("ticket_id").GetGuid());
        Assert.Equal("expired", again.Body.GetProperty("status").GetString());
        Assert.Equal(9, (await Api.InventoryAsync(System, eventId)).GetProperty("available_seats").GetInt32());
    }

    [Fact]
    public async Task The_queue_survives_a_restart_of_the_booking_service()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity: 10);
        await QueueApi.EnableAsync(admin, eventId, perMinute: 1);
        var users = new List<(HttpClient Client, Guid Ticket)>();
        for (var i = 0; i < 3; i++)
        {
            var (client, _) = await Api.NewUserAsync(System);
            users.Add((client, (await QueueApi.JoinOrFailAsync(client, eventId)).GetProperty("ticket_id").GetGuid()));
        }

        await System.RestartResourceAsync("booking");

        for (var i = 0; i < users.Count; i++)
        {
            var ticket = await Eventually.UntilAsync(() => QueueApi.TicketAsync(users[i].Client, eventId, users[i].Ticket),
                t => t.Status == HttpStatusCode.OK, Api.Deadline, "the ticket should be readable after the restart");
            Assert.Equal("waiting", ticket.Body.GetProperty("status").GetString());
            Assert.Equal(i + 1, ticket.Body.GetProperty("position").GetInt64());
        }

        await QueueApi.EnableAsync(admin, eventId, perMinute: 600);
        foreach (var (client, ticket) in users)
        {
            await QueueApi.WaitForPassAsync(client, eventId, ticket);
            client.Dispose();
        }
    }

    [Fact]
    public async Task The_waiting_room_settings_are_validated_and_admin_only()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity: 10);
        var (user, _) = await Api.NewUserAsync(System);
        foreach (var (body, field) in new (object Body, string Field)[]
        {
            (new { admission_rate_per_minute = 10 }, "enabled"),
            (new { enabled = true, admission_rate_per_minute = 0 }, "admission_rate_per_minute"),
            (new { enabled = true, admission_rate_per_second = 100_000 }, "admission_rate_per_second"),
            (new { enabled = true, pass_seconds = 1 }, "pass_seconds"),
            (new { enabled = true, pass_minutes = 1_000 }, "pass_minutes"),
        })
        {
            var refused = await QueueApi.ConfigureAsync(admin, eventId, body);
            Assert.True(refused.Status == HttpStatusCode.BadRequest, $"{body} answered {refused}");
            Assert.True(refused.Body.GetProperty("errors").TryGetProperty(field, out _), refused.ToString());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(admin, $"api/v1/events/{eventId}/waiting-room")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await QueueApi.ConfigureAsync(user, eventId, new { enabled = true })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await QueueApi.ConfigureAsync(admin, Guid.NewGuid(), new { enabled = true })).Status);
        var closed = await QueueApi.JoinAsync(user, eventId);
        Assert.Equal(HttpStatusCode.Conflict, closed.Status);
        Assert.Equal("This event's waiting room is not open; book directly", closed.Detail);

        var perSecond = await QueueApi.ConfigureAsync(admin, eventId, new { enabled = true, admission_rate_per_second = 5, pass_minutes = 3 });
        Assert.True(perSecond.Status == HttpStatusCode.OK, perSecond.ToString());
        Assert.Equal(300, perSecond.Body.GetProperty("admission_rate_per_minute").GetInt32());
        Assert.Equal(180, perSecond.Body.GetProperty("pass_seconds").GetInt32());
    }
}
