using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evently.Testing;

namespace Evently.BoxOffice.Tests.Tickets;

/// <summary>
/// Tickets of confirmed bookings, their QR codes, the staff role and door check-in, through the gateway against the
/// real system.
/// </summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class TicketsTests(BoxOfficeFixture fixture)
{
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private EventlySystem System => fixture.System;

    [Fact]
    public async Task A_booking_of_q_seats_has_q_tickets_with_distinct_unguessable_codes()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity: 10);
        var (owner, ownerId) = await Api.NewUserAsync(System);
        using var _ = owner;
        var bookingId = await Api.BookOrFailAsync(owner, eventId, 4);

        var tickets = await TicketsAsync(owner, bookingId);
        Assert.Equal(4, tickets.Count);
        Assert.Equal([1, 2, 3, 4], tickets.Select(t => t.GetProperty("seq").GetInt32()));
        var codes = tickets.Select(t => t.GetProperty("code").GetString()!).ToList();
        Assert.Equal(4, codes.Distinct().Count());
        Assert.Equal(4, tickets.Select(t => t.GetProperty("id").GetGuid()).Distinct().Count());
        var shard = BookingShard(bookingId);
        foreach (var ticket in tickets)
        {
            var code = ticket.GetProperty("code").GetString()!;
            Assert.Equal(28, code.Length);
            Assert.All(code, c => Assert.Contains(c, Base32));
            var bytes = DecodeBase32(code);
            Assert.Equal(17, bytes.Length); // 1 shard byte + 128 random bits
            Assert.Equal(shard, bytes[0]);
            Assert.Equal(bookingId, ticket.GetProperty("booking_id").GetGuid());
            Assert.Equal(eventId, ticket.GetProperty("event_id").GetGuid());
            Assert.Equal("valid", ticket.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, ticket.GetProperty("checked_in_at").ValueKind);
            var id = ticket.GetProperty("id").GetGuid();
            Assert.Equal($"/api/v1/bookings/{bookingId}/tickets/{id}/qr.svg", ticket.GetProperty("qr_svg_url").GetString());
            Assert.Equal($"/api/v1/bookings/{bookingId}/tickets/{id}/qr.png", ticket.GetProperty("qr_png_url").GetString());
        }

        // The random parts differ too (not just a counter after a shared prefix).
        Assert.Equal(4, codes.Select(c => Convert.ToHexString(DecodeBase32(c)[1..])).Distinct().Count());

        // In SQL: the rows sit on the booking's shard, written with it.
        var rows = await Api.OnShardsAsync<(Guid BookingId, Guid UserId, string Code)>(System,
            "SELECT booking_id, user_id, code FROM tickets WHERE booking_id = @bookingId", new { bookingId });
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(ownerId, r.UserId));
        Assert.Equal(codes.Order(), rows.Select(r => r.Code).Order());

        // An admin sees them too.
        Assert.Equal(4, (await TicketsAsync(admin, bookingId)).Count);
    }

    [Fact]
    public async Task A_waitlist_promotion_confirms_a_booking_with_its_tickets_and_every_booking_has_one_per_seat()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity: 2);
        var (holder, _) = await Api.NewUserAsync(System);
        var (waiter, _) = await Api.NewUserAsync(System);
        using var h = holder;
        using var w = waiter;
        var held = await Api.BookOrFailAsync(holder, eventId, 2);
        var entry = await Api.JoinOrFailAsync(waiter, eventId, 2);
        await Api.WaitForReplicaAsync(System, eventId, 1);
        await Api.CancelOrFailAsync(holder, held);

        var booked = await Api.WaitForEntryAsync(waiter, entry, "booked");
        var promoted = booked.GetProperty("booking_id").GetGuid();
        var tickets = await TicketsAsync(waiter, promoted);
        Assert.Equal(2, tickets.Count);
        Assert.All(tickets, t => Assert.Equal("valid", t.GetProperty("status").GetString()));
        Assert.All(await TicketsAsync(holder, held), t => Assert.Equal("cancelled", t.GetProperty("status").GetString()));

        // A booking with an Idempotency-Key (its own path, not the group commit) and its replay: one set of tickets.
        var other = await admin.CreateEventAsync(capacity: 5);
        var key = Guid.NewGuid().ToString();
        var ids = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/bookings")
            {
                Content = JsonContent.Create(new { event_id = other, quantity = 3 }),
            };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await holder.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            ids.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("booking").GetProperty("id").GetGuid());
        }

        Assert.Single(ids.Distinct());
        Assert.Equal(3, (await TicketsAsync(holder, ids[0])).Count);

        // Whatever path confirmed them (group commit, idempotent bookings, promotions), every booking of this system
        // has exactly one ticket per seat.
        var wrong = await Api.OnShardsAsync<(Guid Id, int Quantity, int Tickets)>(System,
            """
            SELECT b.id, b.quantity, (SELECT count(*)::int FROM tickets t WHERE t.booking_id = b.id) AS tickets
            FROM bookings b WHERE b.quantity <> (SELECT count(*) FROM tickets t WHERE t.booking_id = b.id)
            """);
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task Each_tickets_qr_code_png_and_svg_decodes_back_to_its_code()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity: 5);
        var (owner, _) = await Api.NewUserAsync(System);
        using var _ = owner;
        var bookingId = await Api.BookOrFailAsync(owner, eventId, 2);

        foreach (var ticket in await TicketsAsync(owner, bookingId))
        {
            var code = ticket.GetProperty("code").GetString()!;
            using var png = await owner.GetAsync(ticket.GetProperty("qr_png_url").GetString()!.TrimStart('/'));
            Assert.Equal(HttpStatusCode.OK, png.StatusCode);
            Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
            Assert.Equal(code, QrDecoder.DecodePng(await png.Content.ReadAsByteArrayAsync()));

            using var svg = await owner.GetAsync(ticket.GetProperty("qr_svg_url").GetString()!.TrimStart('/'));
            Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
            Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
            Assert.Equal(code, QrDecoder.DecodeSvg(await svg.Content.ReadAsStringAsync()));
        }
    }

    [Fact]
    public async Task Someone_elses_tickets_and_qr_codes_are_not_found()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity: 5);
        var (owner, _) = await Api.NewUserAsync(System);
        var (intruder, _) = await Api.NewUserAsync(System);
        using var o = owner;
        using var i = intruder;
        var bookingId = await Api.BookOrFailAsync(owner, eventId, 1);
        var ticket = (await TicketsAsync(owner, bookingId)).Single();
        var ticketId = ticket.GetProperty("id").GetGuid();

        foreach (var path in new[]
        {
            $"api/v1/bookings/{bookingId}/tickets", $"api/v1/bookings/{bookingId}/tickets/{ticketId}/qr.png",
            $"api/v1/bookings/{bookingId}/tickets/{ticketId}/qr.svg",
        })
        {
            var answer = await Api.GetAsync(intruder, path);
            Assert.True(answer.Status == HttpStatusCode.NotFound, $"{path}: {answer}");
            Assert.Equal("Booking not found", answer.Detail);
        }

        // A ticket id of another booking is not found under this one.
        var other = await Api.BookOrFailAsync(owner, eventId, 1);
        var wrong = await Api.GetAsync(owner, $"api/v1/bookings/{other}/tickets/{ticketId}/qr.png");
        Assert.True(wrong.Status == HttpStatusCode.NotFound, wrong.ToString());
        Assert.Equal("Ticket not found", wrong.Detail);
    }

    [Fact]
    public async Task Staff_is_granted_by_an_admin_and_checks_a_ticket_in_once()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventName = $"Door test {Guid.NewGuid():N}";
        var eventId = await admin.CreateEventAsync(capacity: 5, name: eventName);
        var (owner, _) = await Api.NewUserAsync(System);
        using var o = owner;
        var bookingId = await Api.BookOrFailAsync(owner, eventId, 2);
        var code = (await TicketsAsync(owner, bookingId))[0].GetProperty("code").GetString()!;

        using var anonymous = System.CreateGatewayClient();
        var staffUser = await anonymous.RegisterUserAsync();
        using (var before = System.CreateGatewayClient(staffUser.Token))
        {
            // A plain user may not scan.
            var refused = await CheckInAsync(before, code);
            Assert.True(refused.Status == HttpStatusCode.Forbidden, refused.ToString());
        }

        var found = await Api.GetAsync(admin, $"api/v1/admin/users?email={Uri.EscapeDataString(staffUser.Email.ToUpperInvariant())}");
        Assert.True(found.Status == HttpStatusCode.OK, found.ToString());
        Assert.Equal(staffUser.UserId, found.Body.GetProperty("user").GetProperty("id").GetGuid());

        for (var i = 0; i < 2; i++)
        {
            // Idempotent: granting twice leaves one staff role.
            var granted = await Api.SendAsync(admin, HttpMethod.Put, $"api/v1/admin/users/{staffUser.UserId}/roles/staff");
            Assert.True(granted.Status == HttpStatusCode.OK, granted.ToString());
            Assert.Equal(["user", "staff"], granted.Body.GetProperty("user").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal("user", granted.Body.GetProperty("user").GetProperty("role").GetString());
        }

        // The old token has no staff role; a fresh login has.
        using (var stale = System.CreateGatewayClient(staffUser.Token))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await CheckInAsync(stale, code)).Status);
        }

        using var staff = System.CreateGatewayClient(await anonymous.LoginAsync(staffUser.Email, staffUser.Password));
        var first = await CheckInAsync(staff, code);
        Assert.True(first.Status == HttpStatusCode.OK, first.ToString());
        Assert.True(first.Body.GetProperty("success").GetBoolean());
        var ticket = first.Body.GetProperty("ticket");
        Assert.Equal(code, ticket.GetProperty("code").GetString());
        Assert.Equal("checked_in", ticket.GetProperty("status").GetString());
        Assert.Equal(bookingId, ticket.GetProperty("booking_id").GetGuid());
        var at = ticket.GetProperty("checked_in_at").GetDateTimeOffset();
        Assert.Equal(eventId, first.Body.GetProperty("event").GetProperty("id").GetGuid());
        Assert.Equal(eventName, first.Body.GetProperty("event").GetProperty("name").GetString());
        Assert.Equal(5, first.Body.GetProperty("event").GetProperty("total_capacity").GetInt32());

        // Scanned again (typed in lower case with dashes, as a person might): refused with the first time.
        var typed = string.Join('-', code.ToLowerInvariant().Chunk(4).Select(c => new string(c)));
        var second = await CheckInAsync(staff, typed);
        Assert.True(second.Status == HttpStatusCode.Conflict, second.ToString());
        Assert.StartsWith("Already checked in at ", second.Detail);
        Assert.Equal(at.UtcDateTime, DateTimeOffset.Parse(second.Detail["Already checked in at ".Length..], CultureInfo.InvariantCulture).UtcDateTime,
            TimeSpan.FromMilliseconds(1));
        Assert.False(second.Body.GetProperty("success").GetBoolean());

        // The owner's list shows it.
        var listed = await TicketsAsync(owner, bookingId);
        Assert.Equal("checked_in", listed.Single(t => t.GetProperty("code").GetString() == code).GetProperty("status").GetString());
        Assert.Equal("valid", listed.Single(t => t.GetProperty("code").GetString() != code).GetProperty("status").GetString());

        // An admin scans too, without a grant.
        var byAdmin = await CheckInAsync(admin, listed.Single(t => t.GetProperty("code").GetString() != code).GetProperty("code").GetString()!);
        Assert.True(byAdmin.Status == HttpStatusCode.OK, byAdmin.ToString());

        // Revoking is idempotent; the next login has no staff role.
        for (var i = 0; i < 2; i++)
        {
            var revoked = await Api.SendAsync(admin, HttpMethod.Delete, $"api/v1/admin/users/{staffUser.UserId}/roles/staff");
            Assert.True(revoked.Status == HttpStatusCode.OK, revoked.ToString());
            Assert.Equal(["user"], revoked.Body.GetProperty("user").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        }

        using var demoted = System.CreateGatewayClient(await anonymous.LoginAsync(staffUser.Email, staffUser.Password));
        Assert.Equal(HttpStatusCode.Forbidden, (await CheckInAsync(demoted, code)).Status);
    }

    [Fact]
    public async Task Role_grants_refuse_unknown_users_and_roles_that_cannot_be_granted()
    {
        using var admin = await System.CreateAdminClientAsync();
        var (user, userId) = await Api.NewUserAsync(System);
        using var _ = user;

        var unknown = await Api.SendAsync(admin, HttpMethod.Put, $"api/v1/admin/users/{Guid.NewGuid()}/roles/staff");
        Assert.True(unknown.Status == HttpStatusCode.NotFound, unknown.ToString());
        foreach (var role in new[] { "admin", "user", "janitor", "STAFF" })
        {
            var bad = await Api.SendAsync(admin, HttpMethod.Put, $"api/v1/admin/users/{userId}/roles/{role}");
            Assert.True(bad.Status == HttpStatusCode.BadRequest, $"{role}: {bad}");
        }

        var notFound = await Api.GetAsync(admin, $"api/v1/admin/users?email=nobody-{Guid.NewGuid():N}@test.evently");
        Assert.True(notFound.Status == HttpStatusCode.NotFound, notFound.ToString());

        // Not for users themselves.
        var self = await Api.SendAsync(user, HttpMethod.Put, $"api/v1/admin/users/{userId}/roles/staff");
        Assert.True(self.Status == HttpStatusCode.Forbidden, self.ToString());
        var me = await Api.GetAsync(admin, $"api/v1/admin/users/{userId}");
        Assert.Equal(["user"], me.Body.GetProperty("user").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_cancelled_bookings_tickets_are_refused_at_the_door()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity: 5);
        var (owner, _) = await Api.NewUserAsync(System);
        using var _ = owner;
        var bookingId = await Api.BookOrFailAsync(owner, eventId, 2);
        var codes = (await TicketsAsync(owner, bookingId)).Select(t => t.GetProperty("code").GetString()!).ToList();
        await Api.CancelOrFailAsync(owner, bookingId);

        Assert.All(await TicketsAsync(owner, bookingId), t => Assert.Equal("cancelled", t.GetProperty("status").GetString()));
        var answer = await CheckInAsync(admin, codes[0]);
        Assert.True(answer.Status == HttpStatusCode.Conflict, answer.ToString());
        Assert.Equal("Ticket cancelled", answer.Detail);
        var rows = await Api.OnShardsAsync<int>(System, "SELECT count(*)::int FROM tickets WHERE booking_id = @bookingId AND checked_in_at IS NOT NULL",
            new { bookingId });
        Assert.Equal(0, rows.Sum());
    }

    [Fact]
    public async Task Unknown_and_malformed_codes_are_told_apart()
    {
        using var admin = await System.CreateAdminClientAsync();
        foreach (var shard in new byte[] { 0, 1, 200 })
        {
            var bytes = new byte[17];
            Random.Shared.NextBytes(bytes);
            bytes[0] = shard;
            var unknown = await CheckInAsync(admin, EncodeBase32(bytes));
            Assert.True(unknown.Status == HttpStatusCode.NotFound, $"shard {shard}: {unknown}");
            Assert.Equal("Ticket not found", unknown.Detail);
        }

        foreach (var bad in new[] { "hello", "0000000000000000000000000001", new string('A', 29), "AAAAAAAAAAAAAAAAAAAAAAAAAAA!" })
        {
            var answer = await CheckInAsync(admin, bad);
            Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{bad}: {answer}");
            Assert.Contains("code", answer.Body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        }
    }

    [Fact]
    public async Task Twenty_simultaneous_scans_of_one_code_admit_exactly_one()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity: 5);
        var (owner, _) = await Api.NewUserAsync(System);
        using var _ = owner;
        var bookingId = await Api.BookOrFailAsync(owner, eventId, 1);
        var code = (await TicketsAsync(owner, bookingId)).Single().GetProperty("code").GetString()!;

        using var start = new SemaphoreSlim(0);
        var scans = Enumerable.Range(0, 20).Select(async _ =>
        {
            await start.WaitAsync();
            return await CheckInAsync(admin, code);
        }).ToList();
        start.Release(20);
        var answers = await Task.WhenAll(scans);

        Assert.True(answers.Count(a => a.Status == HttpStatusCode.OK) == 1, string.Join("\n", answers.Select(a => a.ToString())));
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a =>
        {
            Assert.Equal(HttpStatusCode.Conflict, a.Status);
            Assert.StartsWith("Already checked in at ", a.Detail);
        });
        // One message in the outbox, whatever was relayed already.
        var messages = await Api.OnShardsAsync<int>(System,
            "SELECT count(*)::int FROM outbox_messages WHERE message_type = 'Evently.Contracts.TicketCheckedIn' AND payload->>'booking_id' = @id",
            new { id = bookingId.ToString() });
        Assert.Equal(1, messages.Sum());
    }

    [Fact]
    public async Task Analytics_counts_tickets_checked_in_against_tickets_sold()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity: 10);
        var (owner, _) = await Api.NewUserAsync(System);
        using var _ = owner;
        var bookingId = await Api.BookOrFailAsync(owner, eventId, 3);
        var cancelled = await Api.BookOrFailAsync(owner, eventId, 2);
        await Api.CancelOrFailAsync(owner, cancelled);
        var codes = (await TicketsAsync(owner, bookingId)).Select(t => t.GetProperty("code").GetString()!).ToList();
        foreach (var code in codes.Take(2))
        {
            var answer = await CheckInAsync(admin, code);
            Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        }

        var door = await Eventually.UntilAsync(() => Api.GetAsync(admin, $"api/v1/analytics/events/{eventId}/check-in"),
            a => a.Status == HttpStatusCode.OK && a.Body.GetProperty("check_in").GetProperty("checked_in").GetInt64() == 2
                && a.Body.GetProperty("check_in").GetProperty("tickets_sold").GetInt64() == 3,
            Api.Deadline, "analytics should count 2 of 3 tickets checked in");
        Assert.Equal(1, door.Body.GetProperty("check_in").GetProperty("not_checked_in").GetInt64());
        Assert.Equal("66.67%", door.Body.GetProperty("check_in").GetProperty("rate_percent").GetString());

        var report = await Api.GetAsync(admin, "api/v1/analytics");
        Assert.True(report.Status == HttpStatusCode.OK, report.ToString());
        Assert.True(report.Body.GetProperty("totals").GetProperty("checked_in").GetInt64() >= 2);
        var row = report.Body.GetProperty("event_utilization").EnumerateArray().Single(e => e.GetProperty("event_id").GetGuid() == eventId);
        Assert.Equal(3, row.GetProperty("tickets_sold").GetInt64());
        Assert.Equal(2, row.GetProperty("checked_in").GetInt64());

        var unknown = await Api.GetAsync(admin, $"api/v1/analytics/events/{Guid.NewGuid()}/check-in");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
    }

    private static Task<Api.Answer> CheckInAsync(HttpClient client, string code) =>
        Api.SendAsync(client, HttpMethod.Post, "api/v1/check-in", new { code });

    private static async Task<List<JsonElement>> TicketsAsync(HttpClient client, Guid bookingId)
    {
        var answer = await Api.GetAsync(client, $"api/v1/bookings/{bookingId}/tickets");
        Assert.True(answer.Status == HttpStatusCode.OK, $"tickets answered {answer}");
        Assert.True(answer.Body.GetProperty("success").GetBoolean());
        return [.. answer.Body.GetProperty("tickets").EnumerateArray()];
    }

    /// <summary>The shard a booking id names (its last byte, big-endian), where its tickets live.</summary>
    private static byte BookingShard(Guid bookingId) => bookingId.ToByteArray(bigEndian: true)[15];

    private static byte[] DecodeBase32(string text)
    {
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text)
        {
            buffer = (buffer << 5) | Base32.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }

    private static string EncodeBase32(byte[] bytes)
    {
        var chars = new List<char>();
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                chars.Add(Base32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            chars.Add(Base32[(buffer << (5 - bits)) & 31]);
        }

        return new string([.. chars]);
    }
}
