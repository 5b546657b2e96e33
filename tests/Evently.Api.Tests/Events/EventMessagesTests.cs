using Dapper;
using Evently.Testing;
using Npgsql;

namespace Evently.Api.Tests.Events;

/// <summary>Every create, change and cancel writes an EventChanged to the outbox, which the relay then sends.</summary>
[Collection("api")]
public sealed class EventMessagesTests(ApiFixture fixture)
{
    [Fact]
    public async Task Create_change_and_cancel_each_relay_an_EventChanged_with_a_growing_version()
    {
        using var admin = fixture.System.CreateGatewayClient(await fixture.System.AdminTokenAsync());
        var created = await EventsApi.CreateAsync(admin, EventsApi.ValidBody());
        var id = created["id"]!.GetValue<string>();
        await EventsApi.SendAsync(admin, HttpMethod.Put, $"{EventsApi.Path}/{id}", new System.Text.Json.Nodes.JsonObject { ["price"] = 99 });
        await EventsApi.SendAsync(admin, HttpMethod.Delete, $"{EventsApi.Path}/{id}");
        await EventsApi.SendAsync(admin, HttpMethod.Delete, $"{EventsApi.Path}/{id}"); // harmless: no new message

        await using var db = new NpgsqlConnection(fixture.System.ConnectionString("events-db"));
        List<OutboxRow> rows = [];
        await Eventually.UntilAsync(async () =>
        {
            rows = (await db.QueryAsync<OutboxRow>(
                """
                SELECT (payload->>'version')::bigint AS Version, payload->>'status' AS Status, sent_at IS NOT NULL AS Sent
                FROM outbox_messages
                WHERE message_type = 'Evently.Contracts.EventChanged' AND payload->>'event_id' = @id
                ORDER BY sequence
                """, new { id })).ToList();
            return rows.Count == 3 && rows.All(r => r.Sent);
        }, TimeSpan.FromSeconds(30), "three EventChanged rows marked sent");

        Assert.Equal([1L, 2L, 3L], rows.Select(r => r.Version));
        Assert.Equal(["scheduled", "scheduled", "cancelled"], rows.Select(r => r.Status));
    }

    [Fact]
    public async Task Query_performance_reports_the_listing_query()
    {
        using var direct = new HttpClient { BaseAddress = fixture.System.ServiceUrl("events") };
        using var response = await direct.GetAsync("internal/query-performance");
        var body = await EventsApi.ReadAsync(response);

        Assert.True(response.IsSuccessStatusCode);
        var timing = body["events_by_date"]!.AsObject();
        Assert.Equal("events_by_date", timing["query"]!.GetValue<string>());
        Assert.True(timing["mean_ms"]!.GetValue<double>() >= 0);
        Assert.NotNull(timing["indexes"]);
    }

    private sealed record OutboxRow(long Version, string Status, bool Sent);
}
