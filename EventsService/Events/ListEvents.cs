using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Evently.EventsService.Caching;
using Evently.EventsService.LiveSeats;
using Evently.EventsService.Replica;
using Evently.ServiceDefaults;
using Npgsql;

namespace Evently.EventsService.Events;

/// <summary>
/// <c>GET /api/v1/events?from&amp;to&amp;q&amp;page&amp;page_size</c>: scheduled events, by default those not yet started
/// (<c>starts_at &gt;= now</c>), in start order. <c>from</c>/<c>to</c> bound <c>starts_at</c> (inclusive), <c>q</c> matches a
/// substring of name or venue (case-insensitive), <c>page</c> ≥ 1, <c>page_size</c> 1..100 (default 20).
/// </summary>
public static class ListEvents
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    public const int MaxQueryLength = 200;

    public sealed record Filter(DateTimeOffset? From, DateTimeOffset? To, string? Q, int Page, int PageSize)
    {
        public string CacheKey => string.Create(CultureInfo.InvariantCulture,
            $"events:list:{From?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "upcoming"}:{To?.UtcTicks}:{Page}:{PageSize}:{Q}");
    }

    /// <param name="TotalEstimated">
    /// True when more than <see cref="ListingSettings.ExactTotalLimit"/> events match, or the planner expects far more
    /// than that: <c>total</c> is then the planner's estimate (never below what the pages so far prove), not an exact count.
    /// </param>
    [ImmutableObject(true)]
    public sealed record EventPage(IReadOnlyList<EventResponse> Events, int Page, int PageSize, long Total, bool Cached, bool TotalEstimated = false)
    {
        /// <summary>
        /// The <c>cached: true</c> answer as UTF-8 JSON, made on the first hit and reused by every hit while this
        /// instance lives in the in-process cache: a hit then costs a copy, not a serialization.
        /// </summary>
        [JsonIgnore]
        public byte[]? CachedJson { get; set; }
    }

    public static async Task<IResult> HandleAsync(HttpRequest request, HttpResponse response, ReadRouter reads, EventsCache cache,
        LiveSeatsOverlay liveSeats, ListingSettings settings, CancellationToken ct)
    {
        var (filter, errors) = Parse(request.Query);
        if (filter is null)
        {
            return EventlyResults.Validation(errors);
        }

        var (page, cached) = await cache.GetOrLoadAsync("listing", filter.CacheKey, [EventsCache.ListingTag],
            token => reads.ReadAsync(ReadScope.Listing, (db, t) => LoadAsync(db, filter, settings.ExactTotalLimit, t), token), localOnly: true, ct);
        CacheHeader.Set(response, cached);
        var (events, live) = await liveSeats.ApplyAsync(page.Events, ct);
        if (live)
        {
            response.Headers[LiveSeatsOverlay.Header] = "true";
        }

        if (!cached)
        {
            return Results.Ok(page with { Events = events });
        }

        if (!ReferenceEquals(events, page.Events))
        {
            // The cached page with the shards' live counts; the cached copy (and its bytes) stays as it is.
            return Results.Bytes(JsonSerializer.SerializeToUtf8Bytes(page with { Events = events, Cached = true }, EventlyJson.Options),
                "application/json; charset=utf-8");
        }

        // Benign race: two first hits may both serialize; either result is the same bytes.
        var body = page.CachedJson ??= JsonSerializer.SerializeToUtf8Bytes(page with { Cached = true }, EventlyJson.Options);
        return Results.Bytes(body, "application/json; charset=utf-8");
    }

    /// <summary>
    /// The page and, in the same round trip, the planner's estimate of how many match. Only a small estimate (at most
    /// <see cref="CountBelowEstimate"/> × <paramref name="exactTotalLimit"/>) is followed by a count, which stops after
    /// <paramref name="exactTotalLimit"/> + 1 matches: exact for small results, never a scan of a big catalogue. A page
    /// that is not full needs no count at all: it ends the results, so its offset plus its rows is the total.
    /// </summary>
    public static async Task<EventPage> LoadAsync(NpgsqlDataSource db, Filter filter, int exactTotalLimit, CancellationToken ct)
    {
        var (pageSql, _, parameters) = BuildQueries(filter);
        var (where, whereParameters) = BuildWhere(filter);
        await using var connection = await db.OpenConnectionAsync(ct);
        List<EventResponse> events;
        long planned;
        await using (var results = await connection.QueryMultipleAsync(new CommandDefinition(
            $"{pageSql};\nEXPLAIN (FORMAT JSON) SELECT 1 FROM events WHERE {where}", parameters, cancellationToken: ct)))
        {
            events = (await results.ReadAsync<EventResponse>()).AsList();
            planned = PlannedRows(await results.ReadSingleAsync<string>());
        }

        var offset = (long)(filter.Page - 1) * filter.PageSize;
        if (events.Count is > 0 && events.Count < filter.PageSize)
        {
            return new EventPage(events, filter.Page, filter.PageSize, offset + events.Count, Cached: false);
        }

        if (planned <= (long)exactTotalLimit * CountBelowEstimate)
        {
            whereParameters.Add("count_limit", exactTotalLimit + 1L);
            var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"SELECT count(*) FROM (SELECT 1 FROM events WHERE {where} LIMIT @count_limit) matching", whereParameters, cancellationToken: ct));
            if (total <= exactTotalLimit)
            {
                return new EventPage(events, filter.Page, filter.PageSize, total, Cached: false);
            }

            planned = Math.Max(planned, total);
        }

        // Never below what is known for sure: as many as this page reaches, and one more when it is full.
        var reached = events.Count == 0 ? 0 : offset + events.Count + (events.Count == filter.PageSize ? 1 : 0);
        return new EventPage(events, filter.Page, filter.PageSize, Math.Max(reached, planned), Cached: false, TotalEstimated: true);
    }

    /// <summary>
    /// How far the planner may overestimate before a result it calls big is not counted: its estimates of a range on
    /// <c>starts_at</c> are close, and a count of one that is really small costs little.
    /// </summary>
    private const int CountBelowEstimate = 4;

    private static long PlannedRows(string? plan)
    {
        if (plan is null)
        {
            return 0;
        }

        using var doc = JsonDocument.Parse(plan);
        return doc.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").TryGetDouble(out var rows) ? (long)rows : 0;
    }

    /// <summary>The listing query exactly as served (also measured by /internal/query-performance).</summary>
    public static (string PageSql, string CountSql, DynamicParameters Parameters) BuildQueries(Filter filter)
    {
        var (where, parameters) = BuildWhere(filter);
        parameters.Add("limit", filter.PageSize);
        parameters.Add("offset", (long)(filter.Page - 1) * filter.PageSize);
        var pageSql = $"SELECT {EventResponse.Columns} FROM events WHERE {where} ORDER BY starts_at, id LIMIT @limit OFFSET @offset";
        var countSql = $"SELECT count(*) FROM events WHERE {where}";
        return (pageSql, countSql, parameters);
    }

    private static (string Where, DynamicParameters Parameters) BuildWhere(Filter filter)
    {
        var where = new StringBuilder("status = 'scheduled'");
        var parameters = new DynamicParameters();
        if (filter.From is { } from)
        {
            where.Append(" AND starts_at >= @from");
            parameters.Add("from", from.ToUniversalTime());
        }
        else
        {
            where.Append(" AND starts_at >= now()");
        }

        if (filter.To is { } to)
        {
            where.Append(" AND starts_at <= @to");
            parameters.Add("to", to.ToUniversalTime());
        }

        if (!string.IsNullOrEmpty(filter.Q))
        {
            // Must stay the same expression as idx_events_search for the trigram index to serve it; backslash escapes.
            where.Append(@" AND (name || ' ' || venue) ILIKE @pattern");
            parameters.Add("pattern", "%" + EscapeLike(filter.Q) + "%");
        }

        return (where.ToString(), parameters);
    }

    public static (Filter? Filter, Dictionary<string, string[]> Errors) Parse(IQueryCollection query)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var from = ParseTime(query, "from", errors);
        var to = ParseTime(query, "to", errors);
        if (from is not null && to is not null && to < from)
        {
            errors["to"] = ["'to' must not be before 'from'."];
        }

        var page = ParseInt(query, "page", 1, 1, int.MaxValue / MaxPageSize, errors);
        var pageSize = ParseInt(query, "page_size", DefaultPageSize, 1, MaxPageSize, errors);
        var q = query["q"].ToString().Trim();
        if (q.Length > MaxQueryLength)
        {
            errors["q"] = [$"'q' must be at most {MaxQueryLength} characters."];
        }

        return errors.Count == 0
            ? (new Filter(from, to, q.Length == 0 ? null : q.ToLowerInvariant(), page, pageSize), errors)
            : (null, errors);
    }

    private static DateTimeOffset? ParseTime(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        var raw = query[name].ToString();
        if (raw.Length == 0)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }

        errors[name] = [$"'{name}' must be an ISO-8601 date or time, e.g. 2030-01-31T18:00:00Z."];
        return null;
    }

    private static int ParseInt(IQueryCollection query, string name, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        var raw = query[name].ToString();
        if (raw.Length == 0)
        {
            return fallback;
        }

        if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors[name] = [$"'{name}' must be a whole number from {min} to {max}."];
        return fallback;
    }

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal);
}
