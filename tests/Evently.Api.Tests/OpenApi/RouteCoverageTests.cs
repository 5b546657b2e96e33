using System.Net;
using System.Text.Json;
using Evently.Api.Tests.Support;
using Evently.Testing;

namespace Evently.Api.Tests.OpenApi;

/// <summary>
/// The document against reality, both ways: every route the gateway proxies is documented, and every documented
/// operation is routed (answers something other than "no such route") with a status the document lists, its errors
/// being the documented problem+json. A route added without its description, or a description of a route that is
/// gone or unreachable through the gateway, fails here.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RouteCoverageTests(ApiFixture fixture)
{
    [Fact]
    public async Task Every_route_the_gateway_proxies_is_documented()
    {
        var document = await ServedDocument.FetchAsync(fixture.System);
        var documented = document.Operations().Select(o => Concrete(o.Path)).ToList();

        var undocumented = GatewayRoute.Load().Where(route => !documented.Any(route.Matches)).ToList();

        Assert.True(undocumented.Count == 0,
            $"proxied but not in /openapi/v1.json: {string.Join(", ", undocumented.Select(r => $"{r.Name} ({r.Template})"))}");
    }

    [Fact]
    public async Task Every_documented_operation_answers_with_a_documented_status()
    {
        var document = await ServedDocument.FetchAsync(fixture.System);
        var problem = document.Schemas["ApiProblem"]!.AsObject();
        using var admin = await fixture.System.CreateAdminClientAsync();
        var failures = new List<string>();

        foreach (var (path, method, operation) in document.Operations())
        {
            var call = $"{method.ToUpperInvariant()} {path}";
            using var response = await SendAsync(admin, method, Concrete(path), withBody: operation["requestBody"] is not null);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            if (IsNoRoute(response, text))
            {
                failures.Add($"{call}: no route ({status} {text})");
                continue;
            }

            // Documented, but proof of nothing: the gateway (502/504) or the service (503) did not get to the route's own logic.
            if (status >= 500)
            {
                failures.Add($"{call}: {status} from a system that should be healthy here ({text})");
                continue;
            }

            if (operation["responses"]![status.ToString(System.Globalization.CultureInfo.InvariantCulture)] is null)
            {
                failures.Add($"{call}: answered {status}, which the document does not list ({text})");
            }

            if (status >= 400)
            {
                var mediaType = response.Content.Headers.ContentType?.MediaType;
                var violations = mediaType == "application/problem+json"
                    ? ProblemSchema.Violations(problem, JsonSerializer.Deserialize<JsonElement>(text))
                    : [$"content type {mediaType}"];
                if (violations.Count > 0)
                {
                    failures.Add($"{call}: {status} is not the documented ApiProblem: {string.Join("; ", violations)} ({text})");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// The check above is only as good as its notion of "no route": paths that exist nowhere, past the gateway (no YARP
    /// route) and past a service (a YARP route, no endpoint behind it), must be recognised as such.
    /// </summary>
    [Theory]
    [InlineData("api/v1/no-such-area")]
    [InlineData("api/v1/events/00000000-0000-0000-0000-000000000001/no-such-route")]
    [InlineData("api/v1/bookings/00000000-0000-0000-0000-000000000001/no-such-route")]
    public async Task A_missing_route_is_told_apart_from_a_missing_resource(string path)
    {
        using var admin = await fixture.System.CreateAdminClientAsync();

        using var missingRoute = await admin.GetAsync(path);
        using var missingEvent = await admin.GetAsync($"api/v1/events/{Guid.NewGuid()}");

        Assert.True(IsNoRoute(missingRoute, await missingRoute.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.NotFound, missingEvent.StatusCode);
        Assert.False(IsNoRoute(missingEvent, await missingEvent.Content.ReadAsStringAsync()));
    }

    /// <summary>
    /// Sends the call as admin (allowed everywhere), with an empty JSON object as the body where one is taken. A 429 (the
    /// admin's bucket is shared with other tests) is waited out and sent again: it is documented everywhere, so
    /// accepting it would prove nothing about the route.
    /// </summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, bool withBody)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));
            if (withBody)
            {
                request.Content = Json.Raw("{}");
            }

            var response = await client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt == 10)
            {
                return response;
            }

            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            response.Dispose();
            await Task.Delay(wait);
        }
    }

    /// <summary>
    /// Routing's own answer when nothing matches the path (404) or the method (405): status-code pages write a bare
    /// problem with no <c>detail</c>, while every route's own 404 (event, booking, hold ... not found) says what is missing.
    /// </summary>
    private static bool IsNoRoute(HttpResponseMessage response, string text)
    {
        if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed))
        {
            return false;
        }

        return text.Length == 0
            || !JsonSerializer.Deserialize<JsonElement>(text).TryGetProperty("detail", out var detail)
            || string.IsNullOrWhiteSpace(detail.GetString());
    }

    /// <summary>A path template with placeholders filled in: a fresh UUID for ids, the one grantable role for {role}.</summary>
    private static string Concrete(string template) =>
        System.Text.RegularExpressions.Regex.Replace(template, "{([^}]+)}", m => m.Groups[1].Value == "role" ? "staff" : Guid.NewGuid().ToString());
}
