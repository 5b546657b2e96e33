using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Evently.Testing;
using Npgsql;

namespace Evently.Fault.Tests;

/// <summary>
/// A generated corpus of hostile requests at every public route through the gateway. Every answer must be a 4xx
/// problem+json with <c>success: false</c> and an error message (never a 5xx), and afterwards the consistency report
/// and the row counts are what they were before.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class BadInputTests(FaultFixture fixture)
{
    [Fact]
    public async Task Every_hostile_request_gets_a_4xx_problem_and_changes_nothing()
    {
        var system = fixture.System;
        var users = await fixture.UsersAsync();
        using var admin = await fixture.AdminAsync();
        var adminToken = await system.AdminTokenAsync();
        var (owner, intruder) = (users[3], users[4]);
        var eventId = await FaultApi.CreateEventAsync(admin, 10);
        using var ownerClient = system.CreateGatewayClient(owner.Token);
        var (booked, bookedBody) = await FaultApi.BookAsync(ownerClient, eventId, 1);
        Assert.True(booked == HttpStatusCode.Created, $"{(int)booked}: {bookedBody}");
        var bookingId = bookedBody!["booking"]!["id"]!.GetValue<string>();
        var (ticketsStatus, tickets) = await FaultApi.SendAsync(ownerClient, HttpMethod.Get, $"api/v1/bookings/{bookingId}/tickets");
        Assert.True(ticketsStatus == HttpStatusCode.OK, $"{(int)ticketsStatus}: {tickets}");
        var ticket = tickets!["tickets"]![0]!;
        var ticketRef = new TicketRef(ticket["id"]!.GetValue<string>(), ticket["code"]!.GetValue<string>());
        var (held, heldBody) = await FaultApi.SendAsync(ownerClient, HttpMethod.Post, "api/v1/holds",
            System.Net.Http.Json.JsonContent.Create(new { event_id = eventId, quantity = 1 }));
        Assert.True(held == HttpStatusCode.Created, $"{(int)held}: {heldBody}");
        var holdId = heldBody!["id"]!.GetValue<string>();

        var roomEvent = await WaitingRoomBadInput.PrepareAsync(admin);

        var before = await SnapshotAsync(system, admin);
        var requests = Corpus(eventId, bookingId, ticketRef, owner.UserId, adminToken, owner.Token, intruder.Token, await JwtKeyAsync(system))
            .Concat(HoldBadInput.Corpus(holdId, owner.Token, intruder.Token))
            .Concat(WaitingRoomBadInput.Corpus(roomEvent, adminToken, owner.Token, intruder.Token)).ToList();
        var failures = new ConcurrentBag<string>();
        using var client = system.CreateGatewayClient();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (bad, _) =>
        {
            if (await ProblemCheck.CheckAsync(client, bad) is { } failure)
            {
                failures.Add(failure);
            }
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} of {requests.Count} hostile requests were answered wrongly:\n"
            + string.Join("\n", failures.OrderBy(f => f).Take(60)));
        Assert.Equal(before, await SnapshotAsync(system, admin));

        // The owner still sees the booking untouched.
        var (status, mine) = await FaultApi.SendAsync(ownerClient, HttpMethod.Get, $"api/v1/bookings/{bookingId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("confirmed", mine!["booking"]!["status"]!.GetValue<string>());
        var (_, ticketsAfter) = await FaultApi.SendAsync(ownerClient, HttpMethod.Get, $"api/v1/bookings/{bookingId}/tickets");
        Assert.Equal("valid", ticketsAfter!["tickets"]![0]!["status"]!.GetValue<string>());
    }

    /// <summary>The booking's ticket the corpus aims at.</summary>
    private sealed record TicketRef(string Id, string Code);

    [Fact]
    public async Task A_token_made_with_the_real_key_is_accepted_so_the_forged_ones_fail_for_their_flaw()
    {
        var system = fixture.System;
        var user = (await fixture.UsersAsync())[5];
        var token = Tokens.Create(await JwtKeyAsync(system), user.UserId, "user");
        using var client = system.CreateGatewayClient(token);
        var (status, body) = await FaultApi.SendAsync(client, HttpMethod.Get, "api/v1/bookings");
        Assert.True(status == HttpStatusCode.OK, $"{(int)status}: {body}");
    }

    [Fact]
    public async Task Another_users_booking_is_neither_visible_nor_cancellable()
    {
        var system = fixture.System;
        var users = await fixture.UsersAsync();
        using var admin = await fixture.AdminAsync();
        var eventId = await FaultApi.CreateEventAsync(admin, 10);
        using var owner = system.CreateGatewayClient(users[6].Token);
        using var intruder = system.CreateGatewayClient(users[7].Token);
        var (_, created) = await FaultApi.BookAsync(owner, eventId, 2);
        var id = created!["booking"]!["id"]!.GetValue<string>();

        var (getStatus, _) = await FaultApi.SendAsync(intruder, HttpMethod.Get, $"api/v1/bookings/{id}");
        Assert.Equal(HttpStatusCode.NotFound, getStatus);
        var (cancelStatus, _) = await FaultApi.SendAsync(intruder, HttpMethod.Post, $"api/v1/bookings/{id}/cancel");
        Assert.Equal(HttpStatusCode.NotFound, cancelStatus);
        var (listStatus, list) = await FaultApi.SendAsync(intruder, HttpMethod.Get, $"api/v1/bookings?user_id={users[6].UserId}&event_id={eventId}");
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.Empty(list!["bookings"]!.AsArray());

        var (ownerStatus, mine) = await FaultApi.SendAsync(owner, HttpMethod.Get, $"api/v1/bookings/{id}");
        Assert.Equal(HttpStatusCode.OK, ownerStatus);
        Assert.Equal("confirmed", mine!["booking"]!["status"]!.GetValue<string>());
    }

    private static IEnumerable<BadRequest> Corpus(Guid eventId, string bookingId, TicketRef ticket, Guid ownerId, string admin, string owner,
        string intruder, string key)
    {
        var unknown = Guid.NewGuid();
        var start = DateTimeOffset.UtcNow.AddDays(50);

        // Each template is invalid in two fields, so mutating either one still leaves an invalid body.
        var register = new JsonObject { ["email"] = "not-an-email", ["password"] = "x", ["name"] = "Bad Input" };
        var login = new JsonObject { ["email"] = $"nobody-{Guid.NewGuid():N}@example.com", ["password"] = "" };
        var newEvent = new JsonObject
        {
            ["name"] = "",
            ["description"] = "d",
            ["venue"] = "v",
            ["starts_at"] = start.ToString("O"),
            ["ends_at"] = start.AddHours(2).ToString("O"),
            ["total_capacity"] = -5,
            ["price"] = 10,
            ["currency"] = "USD",
        };
        var booking = new JsonObject { ["event_id"] = unknown.ToString(), ["quantity"] = 0 };
        var checkIn = new JsonObject { ["code"] = "not-a-ticket-code" };
        // A private address (refused: this system allows no private networks) and an unknown event type.
        var webhook = new JsonObject { ["url"] = "http://10.0.0.1/hook", ["events"] = new JsonArray("booking.exploded") };

        foreach (var (name, body) in BadInputCorpus.Bodies(register, "email", "password"))
        {
            yield return new($"register {name}", HttpMethod.Post, "api/v1/auth/register", null, body);
        }

        foreach (var (name, body) in BadInputCorpus.Bodies(login, "email", "password"))
        {
            yield return new($"login {name}", HttpMethod.Post, "api/v1/auth/login", null, body);
        }

        foreach (var (name, body) in BadInputCorpus.Bodies(newEvent, "name", "total_capacity", "starts_at", "ends_at"))
        {
            yield return new($"create event {name}", HttpMethod.Post, "api/v1/events", admin, body);
            if (!NamesNoField(body, newEvent))
            {
                // PUT is a partial update: a body naming none of the fields is a valid no-op, not bad input.
                yield return new($"update event {name}", HttpMethod.Put, $"api/v1/events/{eventId}", admin, body);
            }
        }

        foreach (var (name, body) in BadInputCorpus.Bodies(booking, "event_id", "quantity"))
        {
            yield return new($"book {name}", HttpMethod.Post, "api/v1/bookings", owner, body);
            yield return new($"join waitlist {name}", HttpMethod.Post, "api/v1/waitlist", owner, body);
        }

        // As the admin, who may scan: only the body is wrong.
        foreach (var (name, body) in BadInputCorpus.Bodies(checkIn, "code"))
        {
            yield return new($"check-in {name}", HttpMethod.Post, "api/v1/check-in", admin, body);
        }

        foreach (var (name, body) in BadInputCorpus.Bodies(webhook, "url", "events"))
        {
            yield return new($"register webhook {name}", HttpMethod.Post, "api/v1/admin/webhooks", admin, body);
        }

        // Not JSON at all, or over the size limit.
        foreach (var (method, path, token) in new[]
        {
            (HttpMethod.Post, "api/v1/auth/register", (string?)null), (HttpMethod.Post, "api/v1/auth/login", null),
            (HttpMethod.Post, "api/v1/events", admin), (HttpMethod.Put, $"api/v1/events/{eventId}", admin),
            (HttpMethod.Post, "api/v1/bookings", owner), (HttpMethod.Post, "api/v1/waitlist", owner),
            (HttpMethod.Post, "api/v1/load-test/start", admin), (HttpMethod.Post, "api/v1/check-in", admin),
            (HttpMethod.Post, "api/v1/admin/webhooks", admin),
        })
        {
            yield return new("text/plain body", method, path, token, "{\"event_id\":1}", "text/plain");
            yield return new("xml body", method, path, token, "<booking><quantity>1</quantity></booking>", "application/xml");
            yield return new("huge body", method, path, token, BadInputCorpus.Huge());
        }

        // Hostile ids and query strings on every route that takes them.
        foreach (var id in BadInputCorpus.HostileIds())
        {
            yield return new($"event {id}", HttpMethod.Get, $"api/v1/events/{id}", null, null);
            yield return new($"update event {id}", HttpMethod.Put, $"api/v1/events/{id}", admin, "{\"name\":\"x\"}");
            yield return new($"cancel event {id}", HttpMethod.Delete, $"api/v1/events/{id}", admin, null);
            yield return new($"booking {id}", HttpMethod.Get, $"api/v1/bookings/{id}", owner, null);
            yield return new($"cancel booking {id}", HttpMethod.Post, $"api/v1/bookings/{id}/cancel", owner, null);
            yield return new($"waitlist {id}", HttpMethod.Get, $"api/v1/waitlist/{id}", owner, null);
            yield return new($"leave waitlist {id}", HttpMethod.Delete, $"api/v1/waitlist/{id}", owner, null);
            if (!Guid.TryParse(id, out _))
            {
                // A well-formed unknown id is a valid question for the report (an empty answer), not bad input.
                yield return new($"consistency {id}", HttpMethod.Get, $"api/v1/admin/consistency?event_id={id}", admin, null);
            }

            yield return new($"load test {id}", HttpMethod.Get, $"api/v1/load-test/{id}", admin, null);
            yield return new($"tickets of booking {id}", HttpMethod.Get, $"api/v1/bookings/{id}/tickets", owner, null);
            yield return new($"qr.png of booking {id}", HttpMethod.Get, $"api/v1/bookings/{id}/tickets/{ticket.Id}/qr.png", owner, null);
            yield return new($"qr.svg of ticket {id}", HttpMethod.Get, $"api/v1/bookings/{bookingId}/tickets/{id}/qr.svg", owner, null);
            yield return new($"qr.png of ticket {id}", HttpMethod.Get, $"api/v1/bookings/{bookingId}/tickets/{id}/qr.png", owner, null);
            yield return new($"user {id}", HttpMethod.Get, $"api/v1/admin/users/{id}", admin, null);
            yield return new($"grant staff to {id}", HttpMethod.Put, $"api/v1/admin/users/{id}/roles/staff", admin, null);
            yield return new($"revoke staff from {id}", HttpMethod.Delete, $"api/v1/admin/users/{id}/roles/staff", admin, null);
            yield return new($"grant role {id}", HttpMethod.Put, $"api/v1/admin/users/{ownerId}/roles/{id}", admin, null);
            yield return new($"door counts of event {id}", HttpMethod.Get, $"api/v1/analytics/events/{id}/check-in", admin, null);
            yield return new($"webhook {id}", HttpMethod.Get, $"api/v1/admin/webhooks/{id}", admin, null);
            yield return new($"disable webhook {id}", HttpMethod.Post, $"api/v1/admin/webhooks/{id}/disable", admin, null);
            yield return new($"enable webhook {id}", HttpMethod.Post, $"api/v1/admin/webhooks/{id}/enable", admin, null);
            yield return new($"delete webhook {id}", HttpMethod.Delete, $"api/v1/admin/webhooks/{id}", admin, null);
            yield return new($"webhook deliveries {id}", HttpMethod.Get, $"api/v1/admin/webhooks/{id}/deliveries", admin, null);
            yield return new($"redeliver webhook {id}", HttpMethod.Post, $"api/v1/admin/webhooks/{id}/deliveries/{id}/redeliver", admin, null);
        }

        // Roles that cannot be granted, and hostile emails to look up (404 for a well-formed unknown one).
        foreach (var role in new[] { "admin", "user", "Staff", "STAFF", "staff%20", "root" })
        {
            yield return new($"grant role {role}", HttpMethod.Put, $"api/v1/admin/users/{ownerId}/roles/{role}", admin, null);
        }

        foreach (var email in BadInputCorpus.HostileStrings.Where(e => e.Length <= 1_000).Append($"nobody-{Guid.NewGuid():N}@example.com"))
        {
            yield return new($"find user {email}", HttpMethod.Get, $"api/v1/admin/users?email={Uri.EscapeDataString(email)}", admin, null);
        }

        yield return new("find user without an email", HttpMethod.Get, "api/v1/admin/users", admin, null);

        foreach (var query in BadInputCorpus.HostileQueries())
        {
            if (!query.StartsWith("from", StringComparison.Ordinal) && !query.StartsWith("to", StringComparison.Ordinal)
                && !query.StartsWith("q=", StringComparison.Ordinal))
            {
                // The bookings list has no from/to/q: unknown query parameters are ignored, not errors.
                yield return new($"bookings ?{query}", HttpMethod.Get, $"api/v1/bookings?{query}", owner, null);
            }
            if (!query.StartsWith("event_id", StringComparison.Ordinal) && !query.StartsWith("user_id", StringComparison.Ordinal))
            {
                yield return new($"events ?{query}", HttpMethod.Get, $"api/v1/events?{query}", null, null);
            }
        }

        // Someone else's booking.
        yield return new("intruder reads a booking", HttpMethod.Get, $"api/v1/bookings/{bookingId}", intruder, null);
        yield return new("intruder cancels a booking", HttpMethod.Post, $"api/v1/bookings/{bookingId}/cancel", intruder, null);
        yield return new("intruder reads tickets", HttpMethod.Get, $"api/v1/bookings/{bookingId}/tickets", intruder, null);
        yield return new("intruder reads a qr code", HttpMethod.Get, $"api/v1/bookings/{bookingId}/tickets/{ticket.Id}/qr.png", intruder, null);

        // Tokens that must not pass, on every protected route; a user's token on admin routes.
        var subject = Guid.NewGuid();
        var badTokens = new Dictionary<string, string>
        {
            ["forged key"] = Tokens.Create(new string('k', 64), subject, "admin"),
            ["expired"] = Tokens.Create(key, subject, "admin", expires: DateTimeOffset.UtcNow.AddHours(-2)),
            ["wrong audience"] = Tokens.Create(key, subject, "admin", audience: "someone-else"),
            ["wrong issuer"] = Tokens.Create(key, subject, "admin", issuer: "mallory"),
            ["alg none"] = Tokens.Create(key, subject, "admin", alg: "none"),
            ["garbage"] = "abc.def.ghi",
            ["not a jwt"] = new string('A', 3_000),
            ["basic auth"] = "Basic YWRtaW46YWRtaW4=",
        };
        var protectedRoutes = new (HttpMethod Method, string Path, string? Body, bool AdminOnly)[]
        {
            (HttpMethod.Get, "api/v1/auth/me", null, false),
            (HttpMethod.Post, "api/v1/events", newEvent.ToJsonString(), true),
            (HttpMethod.Put, $"api/v1/events/{eventId}", "{\"name\":\"hijacked\"}", true),
            (HttpMethod.Delete, $"api/v1/events/{eventId}", null, true),
            (HttpMethod.Post, "api/v1/bookings", new JsonObject { ["event_id"] = eventId.ToString(), ["quantity"] = 1 }.ToJsonString(), false),
            (HttpMethod.Get, "api/v1/bookings", null, false),
            (HttpMethod.Get, $"api/v1/bookings/{bookingId}", null, false),
            (HttpMethod.Post, $"api/v1/bookings/{bookingId}/cancel", null, false),
            (HttpMethod.Post, "api/v1/waitlist", new JsonObject { ["event_id"] = eventId.ToString(), ["quantity"] = 1 }.ToJsonString(), false),
            (HttpMethod.Get, $"api/v1/waitlist/{Guid.NewGuid()}", null, false),
            (HttpMethod.Get, "api/v1/admin/consistency", null, true),
            (HttpMethod.Get, "api/v1/analytics", null, true),
            (HttpMethod.Get, "api/v1/tracing/metrics", null, true),
            (HttpMethod.Post, "api/v1/load-test/start", "{}", true),
            (HttpMethod.Get, $"api/v1/bookings/{bookingId}/tickets", null, false),
            (HttpMethod.Get, $"api/v1/bookings/{bookingId}/tickets/{ticket.Id}/qr.svg", null, false),
            // The real code: only the token is wrong, and a plain user may not scan.
            (HttpMethod.Post, "api/v1/check-in", new JsonObject { ["code"] = ticket.Code }.ToJsonString(), true),
            (HttpMethod.Get, $"api/v1/admin/users?email={Uri.EscapeDataString("admin@evently.local")}", null, true),
            (HttpMethod.Put, $"api/v1/admin/users/{ownerId}/roles/staff", null, true),
            (HttpMethod.Delete, $"api/v1/admin/users/{ownerId}/roles/staff", null, true),
            (HttpMethod.Get, $"api/v1/analytics/events/{eventId}/check-in", null, true),
            (HttpMethod.Get, "api/v1/admin/webhooks", null, true),
            (HttpMethod.Post, "api/v1/admin/webhooks", new JsonObject { ["url"] = "https://example.com/hook", ["events"] = new JsonArray("booking.confirmed") }.ToJsonString(), true),
            (HttpMethod.Get, $"api/v1/admin/webhooks/{unknown}/deliveries", null, true),
        };
        foreach (var route in protectedRoutes)
        {
            yield return new("no token", route.Method, route.Path, null, route.Body);
            foreach (var (name, token) in badTokens)
            {
                yield return new(name, route.Method, route.Path, token, route.Body);
            }

            if (route.AdminOnly)
            {
                yield return new("user token on an admin route", route.Method, route.Path, intruder, route.Body);
            }
        }

        // Unknown routes and methods.
        yield return new("unknown route", HttpMethod.Get, "api/v1/nothing-here", null, null);
        yield return new("internal route through the gateway", HttpMethod.Get, $"internal/events/{eventId}", null, null);
        yield return new("wrong method", HttpMethod.Patch, "api/v1/bookings", owner, "{}");
    }

    /// <summary>True when <paramref name="body"/> is a JSON object (a leading BOM allowed) with none of the template's fields.</summary>
    private static bool NamesNoField(string body, JsonObject template)
    {
        try
        {
            return JsonNode.Parse(body.TrimStart('\uFEFF')) is JsonObject o && !o.Any(p => template.ContainsKey(p.Key));
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static async Task<string> JwtKeyAsync(EventlySystem system) =>
        (await system.GetResourceAsync("gateway")).Environment!["Jwt__Key"];

    /// <summary>The consistency report's counters and the row count of every table a request could write.</summary>
    private static async Task<string> SnapshotAsync(EventlySystem system, HttpClient admin)
    {
        var (_, report) = await FaultApi.SendAsync(admin, HttpMethod.Get, "api/v1/admin/consistency");
        var parts = new List<string>
        {
            $"consistent={report!["consistent"]}", $"events={report["total_events"]}", $"oversold={report["oversold_events"]}",
            $"mismatched={report["mismatched_events"]}",
        };
        foreach (var (resource, table) in new[] { ("identity-db", "users"), ("events-db", "events"), ("waitlist-db", "waitlist_entries"), ("webhooks-db", "webhook_endpoints") }
            .Concat(Enumerable.Range(0, system.BookingShards).SelectMany(s => new[] { ($"booking-db-{s}", "bookings"), ($"booking-db-{s}", "holds"), ($"booking-db-{s}", "queue_tickets"), ($"booking-db-{s}", "waiting_rooms") })))
        {
            await using var db = new NpgsqlConnection(system.ConnectionString(resource));
            parts.Add($"{resource}.{table}={await db.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}")}");
        }

        // Tickets scanned and staff grants.
        for (var s = 0; s < system.BookingShards; s++)
        {
            await using var db = new NpgsqlConnection(system.ConnectionString($"booking-db-{s}"));
            parts.Add($"booking-db-{s}.tickets={await db.ExecuteScalarAsync<string>(
                "SELECT count(*) || '/' || count(*) FILTER (WHERE checked_in_at IS NOT NULL) FROM tickets")}");
        }

        await using (var identity = new NpgsqlConnection(system.ConnectionString("identity-db")))
        {
            parts.Add($"identity.granted={await identity.ExecuteScalarAsync<string>(
                "SELECT coalesce(md5(string_agg(id::text || granted_roles::text, ',' ORDER BY id)), '') FROM users WHERE granted_roles <> '{}'")}");
        }

        await using (var events = new NpgsqlConnection(system.ConnectionString("events-db")))
        {
            parts.Add($"events.fingerprint={await events.ExecuteScalarAsync<string>("SELECT md5(string_agg(id::text || name || total_capacity || status || version, ',' ORDER BY id)) FROM events")}");
        }

        return string.Join(" ", parts);
    }
}
