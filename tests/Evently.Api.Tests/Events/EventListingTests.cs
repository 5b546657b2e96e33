using System.Net;

namespace Evently.Api.Tests.Events;

/// <summary>
/// The public listing: upcoming scheduled events in start order, date range, text search, paging.
/// Each test works in its own far-future window or with its own search word, so other tests' events never interfere.
/// </summary>
[Collection("api")]
public sealed class EventListingTests(ApiFixture fixture) : EventsTestBase(fixture)
{
    [Fact]
    public async Task From_and_to_bound_the_start_and_results_come_in_start_order()
    {
        var window = UniqueWindow();
        var tag = Guid.NewGuid().ToString("N");
        // Created out of order on purpose.
        await EventsApi.CreateAsync(Admin, EventsApi.ValidBody($"{tag} day 3", window.AddDays(3)));
        await EventsApi.CreateAsync(Admin, EventsApi.ValidBody($"{tag} day 1", window.AddDays(1)));
        await EventsApi.CreateAsync(Admin, EventsApi.ValidBody($"{tag} day 5", window.AddDays(5)));
        await EventsApi.CreateAsync(Admin, EventsApi.ValidBody($"{tag} day 9", window.AddDays(9)));

        var (status, page) = await EventsApi.GetAsync(Anonymous,
            $"{EventsApi.Path}?from={Iso(window)}&to={Iso(window.AddDays(6))}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([$"{tag} day 1", $"{tag} day 3", $"{tag} day 5"], EventsApi.Names(page));
        Assert.Equal(3, page["total"]!.GetValue<long>());
        Assert.Equal(1, page["page"]!.GetValue<int>());
        Assert.Equal(20, page["page_size"]!.GetValue<int>());
        Assert.NotNull(page["cached"]);
    }

    [Fact]
    public async Task Q_matches_a_substring_of_name_or_venue_case_insensitively()
    {
        var word = "zq" + Guid.NewGuid().ToString("N")[..10];
        await EventsApi.CreateAsync(Admin, EventsApi.ValidBody(name: $"The {word.ToUpperInvariant()} Festival"));
        await EventsApi.CreateAsync(Admin, EventsApi.ValidBody(name: "Quiet evening", venue: $"Arena{word}Park"));
        await EventsApi.CreateAsync(Admin, EventsApi.ValidBody(name: "Unrelated"));

        var (status, page) = await EventsApi.GetAsync(Anonymous, $"{EventsApi.Path}?q={word[2..9]}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, page["total"]!.GetValue<long>());
        Assert.Contains($"The {word.ToUpperInvariant()} Festival", EventsApi.Names(page));
        Assert.Contains("Quiet evening", EventsApi.Names(page));
    }

    [Fact]
    public async Task Pages_split_the_results_and_report_the_total()
    {
        var window = UniqueWindow();
        var tag = "pg" + Guid.NewGuid().ToString("N")[..10];
        for (var i = 1; i <= 5; i++)
        {
            await EventsApi.CreateAsync(Admin, EventsApi.ValidBody($"{tag} {i}", window.AddHours(i)));
        }

        var (_, first) = await EventsApi.GetAsync(Anonymous, $"{EventsApi.Path}?q={tag}&page=1&page_size=2");
        var (_, last) = await EventsApi.GetAsync(Anonymous, $"{EventsApi.Path}?q={tag}&page=3&page_size=2");
        var (_, beyond) = await EventsApi.GetAsync(Anonymous, $"{EventsApi.Path}?q={tag}&page=4&page_size=2");

        Assert.Equal([$"{tag} 1", $"{tag} 2"], EventsApi.Names(first));
        Assert.Equal([$"{tag} 5"], EventsApi.Names(last));
        Assert.Empty(EventsApi.Names(beyond));
        Assert.All([first, last, beyond], p => Assert.Equal(5, p["total"]!.GetValue<long>()));
        Assert.Equal(2, first["page_size"]!.GetValue<int>());
        Assert.Equal(3, last["page"]!.GetValue<int>());
    }

    [Fact]
    public async Task Cancelled_events_are_not_listed()
    {
        var tag = "cx" + Guid.NewGuid().ToString("N")[..10];
        var kept = await EventsApi.CreateAsync(Admin, EventsApi.ValidBody($"{tag} kept"));
        var cancelled = await EventsApi.CreateAsync(Admin, EventsApi.ValidBody($"{tag} cancelled"));
        var (cancelStatus, _) = await EventsApi.SendAsync(Admin, HttpMethod.Delete, $"{EventsApi.Path}/{cancelled["id"]}");
        Assert.Equal(HttpStatusCode.OK, cancelStatus);

        var (_, page) = await EventsApi.GetAsync(Anonymous, $"{EventsApi.Path}?q={tag}");

        Assert.Equal([$"{tag} kept"], EventsApi.Names(page));
        Assert.Equal(kept["id"]!.GetValue<string>(), page["events"]![0]!["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("page_size=101", "page_size")]
    [InlineData("page_size=0", "page_size")]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2031-01-02T00:00:00Z&to=2031-01-01T00:00:00Z", "to")]
    public async Task Bad_query_parameters_are_400_with_the_field(string query, string field)
    {
        using var response = await Anonymous.GetAsync($"{EventsApi.Path}?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        EventsApi.AssertProblem(response);
        var errors = (await EventsApi.ReadAsync(response))["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"expected an error for {field}");
    }

    [Fact]
    public async Task Page_size_100_is_the_largest_allowed()
    {
        var (status, page) = await EventsApi.GetAsync(Anonymous, $"{EventsApi.Path}?page_size=100");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(page["events"]!.AsArray().Count <= 100);
    }

    /// <summary>A month far in the future that no other test uses.</summary>
    private static DateTimeOffset UniqueWindow() =>
        new DateTimeOffset(2200, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(Random.Shared.Next(0, 365 * 500));

    private static string Iso(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O"));
}
