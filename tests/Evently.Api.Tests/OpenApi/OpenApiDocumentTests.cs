using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Evently.Api.Tests.OpenApi;

/// <summary>
/// What the merged document at /openapi/v1.json says, checked as a document: one shared problem schema behind every
/// error, snake_case schemas, admin-only operations marked from their authorization metadata, nothing internal.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class OpenApiDocumentTests(ApiFixture fixture)
{
    private static readonly string[] ProblemFields = ["type", "title", "status", "detail", "success", "error", "trace_id"];

    [Fact]
    public async Task The_document_is_OpenAPI_3_1_of_the_public_api_only()
    {
        var document = await ServedDocument.FetchAsync(fixture.System);

        Assert.StartsWith("3.1", document.Root["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEmpty(document.Paths);
        Assert.All(document.Paths, p => Assert.StartsWith("/api/v1/", p.Key, StringComparison.Ordinal));
        // The box office, the identity routes the gateway owns, and each service's share are all there.
        foreach (var path in new[]
                 {
                     "/api/v1/auth/login", "/api/v1/auth/register", "/api/v1/admin/users/{id}/roles/{role}", "/api/v1/events/{id}",
                     "/api/v1/bookings", "/api/v1/holds/{id}/confirm", "/api/v1/bookings/{id}/tickets", "/api/v1/check-in",
                     "/api/v1/events/{id}/queue", "/api/v1/events/{id}/waiting-room", "/api/v1/waitlist/{id}", "/api/v1/analytics",
                     "/api/v1/tracing/metrics", "/api/v1/load-test/start", "/api/v1/admin/webhooks/{id}/deliveries",
                 })
        {
            Assert.True(document.Paths.ContainsKey(path), $"{path} is not documented");
        }
    }

    [Fact]
    public async Task Every_error_response_is_the_one_shared_problem_schema()
    {
        var document = await ServedDocument.FetchAsync(fixture.System);

        var problem = document.Schemas["ApiProblem"]!.AsObject();
        var required = problem["required"]!.AsArray().Select(n => n!.GetValue<string>()).ToHashSet();
        Assert.Superset(ProblemFields.ToHashSet(), required);
        foreach (var (path, method, operation) in document.Operations())
        {
            foreach (var (status, response) in operation["responses"]!.AsObject())
            {
                if (!int.TryParse(status, out var code) || code < 400)
                {
                    continue;
                }

                var content = document.Resolve(response!.AsObject())["content"]?.AsObject();
                Assert.True(content is { Count: 1 } && content.ContainsKey("application/problem+json"),
                    $"{method.ToUpperInvariant()} {path} {status}: {ServedDocument.Show(content)}");
                Assert.Equal("#/components/schemas/ApiProblem", content["application/problem+json"]!["schema"]!["$ref"]?.GetValue<string>());
            }
        }

        // Described once: no other problem shape lingers in the components.
        Assert.DoesNotContain(document.Schemas, s => s.Key is "ProblemDetails" or "HttpValidationProblemDetails");
    }

    [Fact]
    public async Task Schemas_use_the_snake_case_the_services_speak()
    {
        var document = await ServedDocument.FetchAsync(fixture.System);

        var offenders = document.Schemas
            .SelectMany(s => s.Value!["properties"]?.AsObject().Select(p => $"{s.Key}.{p.Key}") ?? [])
            .Where(name => !SnakeCase().IsMatch(name[(name.IndexOf('.', StringComparison.Ordinal) + 1)..]))
            .ToList();
        Assert.True(offenders.Count == 0, $"not snake_case: {string.Join(", ", offenders)}");
        var booking = document.Schemas["BookingCreatedView"]!["properties"]!.AsObject();
        Assert.Contains("available_seats_remaining", booking.Select(p => p.Key));
    }

    [Fact]
    public async Task Operations_needing_a_token_or_a_role_say_so()
    {
        var document = await ServedDocument.FetchAsync(fixture.System);

        Assert.Equal("http", document.Root["components"]!["securitySchemes"]!["bearer"]!["type"]!.GetValue<string>());
        var operations = document.Operations().ToDictionary(o => $"{o.Method.ToUpperInvariant()} {o.Path}", o => o.Operation);
        foreach (var adminOnly in new[] { "POST /api/v1/events", "DELETE /api/v1/events/{id}", "GET /api/v1/admin/consistency",
                     "PUT /api/v1/events/{id}/waiting-room", "GET /api/v1/analytics", "POST /api/v1/admin/webhooks",
                     "PUT /api/v1/admin/users/{id}/roles/{role}", "POST /api/v1/load-test/start" })
        {
            var operation = operations[adminOnly];
            Assert.Equal(new[] { "admin" }, Roles(operation));
            Assert.True(operation["responses"]!["403"] is not null, $"{adminOnly} has no 403");
            Assert.True(operation["security"] is JsonArray { Count: > 0 }, $"{adminOnly} has no security requirement");
        }

        Assert.Equal(new[] { "staff", "admin" }, Roles(operations["POST /api/v1/check-in"]));
        Assert.True(operations["POST /api/v1/bookings"]["security"] is JsonArray { Count: > 0 });
        Assert.Null(operations["POST /api/v1/bookings"]["x-evently-roles"]);
        foreach (var anonymous in new[] { "GET /api/v1/events", "GET /api/v1/events/{id}", "POST /api/v1/auth/login" })
        {
            Assert.Null(operations[anonymous]["security"]);
        }

        // The booking's Idempotency-Key header is part of its contract.
        Assert.Contains(operations["POST /api/v1/bookings"]["parameters"]!.AsArray(),
            p => p!["name"]!.GetValue<string>() == "Idempotency-Key" && p["in"]!.GetValue<string>() == "header");
    }

    private static string[] Roles(JsonObject operation) =>
        operation["x-evently-roles"]?.AsArray().Select(r => r!.GetValue<string>()).ToArray() ?? [];

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex SnakeCase();
}
