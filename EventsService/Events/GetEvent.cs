using System.Text.Json;
using System.Text.Json.Serialization;
using Evently.EventsService.Caching;
using Evently.EventsService.LiveSeats;
using Evently.EventsService.Replica;
using Evently.ServiceDefaults;
using Npgsql;

namespace Evently.EventsService.Events;

/// <summary><c>GET /api/v1/events/{id}</c> (cached, with <c>cached</c>) and <c>GET /internal/events/{id}</c> (always fresh).</summary>
public static class GetEvent
{
    public static async Task<IResult> HandleAsync(Guid id, HttpResponse response, ReadRouter reads, EventsCache cache, LiveSeatsOverlay liveSeats,
        CancellationToken ct)
    {
        var (found, cached) = await cache.GetOrLoadAsync("detail", $"events:detail:{id:N}", [EventsCache.EventTag(id)],
            async token => new CachedEvent(await reads.ReadAsync(ReadScope.Event(id), (db, t) => EventRows.FindAsync(db, id, t), token)), localOnly: false, ct);
        if (found.Event is null)
        {
            return EventlyResults.NotFound($"Event {id} was not found.");
        }

        CacheHeader.Set(response, cached);
        var (shown, live) = await liveSeats.ApplyAsync(found.Event, ct);
        if (live)
        {
            response.Headers[LiveSeatsOverlay.Header] = "true";
        }

        if (!cached)
        {
            return Results.Ok(shown with { Cached = false });
        }

        if (!ReferenceEquals(shown, found.Event))
        {
            // The cached event with the shard's live count: one serialization, the cached copy stays as it is.
            return Results.Bytes(JsonSerializer.SerializeToUtf8Bytes(shown with { Cached = true }, EventlyJson.Options), "application/json; charset=utf-8");
        }

        // Benign race: two first hits may both serialize the same bytes.
        var body = found.CachedJson ??= JsonSerializer.SerializeToUtf8Bytes(found.Event with { Cached = true }, EventlyJson.Options);
        return Results.Bytes(body, "application/json; charset=utf-8");
    }

    /// <summary>
    /// For the booking service, which creates an inventory on demand when EventChanged has not arrived yet: from the
    /// primary, never a standby that may not have the event yet.
    /// </summary>
    public static async Task<IResult> HandleInternalAsync(Guid id, NpgsqlDataSource db, CancellationToken ct) =>
        await EventRows.FindAsync(db, id, ct) is { } found
            ? Results.Ok(found)
            : EventlyResults.NotFound($"Event {id} was not found.");

    /// <summary>Wraps the lookup so "no such event" is cached too (briefly), sparing the database repeated misses.</summary>
    [System.ComponentModel.ImmutableObject(true)]
    public sealed record CachedEvent(EventResponse? Event)
    {
        /// <summary>The <c>cached: true</c> answer, serialized on the first hit and reused while this instance is in L1.</summary>
        [JsonIgnore]
        public byte[]? CachedJson { get; set; }
    }
}
