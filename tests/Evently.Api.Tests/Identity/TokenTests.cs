using System.Net;
using System.Net.Http.Headers;
using Evently.Api.Tests.Support;
using Evently.Testing;

namespace Evently.Api.Tests.Identity;

/// <summary>The gateway refuses bad credentials itself, so a forged token never reaches a service.</summary>
[Collection(ApiCollection.Name)]
public sealed class TokenTests(ApiFixture fixture)
{
    private readonly EventlySystem _system = fixture.System;

    public static TheoryData<string> BadTokens => ["forged", "expired", "wrong-audience", "wrong-issuer", "unsigned", "garbage"];

    private string Token(string kind) => kind switch
    {
        "forged" => TestTokens.Forged(Guid.NewGuid()),
        "expired" => TestTokens.Expired(_system, Guid.NewGuid()),
        "wrong-audience" => TestTokens.WrongAudience(_system, Guid.NewGuid()),
        "wrong-issuer" => TestTokens.WrongIssuer(_system, Guid.NewGuid()),
        "unsigned" => TestTokens.Unsigned(Guid.NewGuid()),
        _ => "not.a.jwt",
    };

    [Fact]
    public async Task No_token_on_a_user_route_is_a_401_problem()
    {
        using var client = _system.CreateGatewayClient();

        using var response = await client.GetAsync("api/v1/auth/me");

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_a_401_problem(string kind)
    {
        using var client = _system.CreateGatewayClient(Token(kind));

        using var response = await client.GetAsync("api/v1/auth/me");

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        if (kind == "expired")
        {
            Assert.Contains("expired", Problem.Detail(problem), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_refused_even_on_a_public_route(string kind)
    {
        using var client = _system.CreateGatewayClient(Token(kind));

        using var response = await client.GetAsync("api/v1/events");

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_non_bearer_authorization_header_is_refused()
    {
        using var client = _system.CreateGatewayClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "YWRtaW46YWRtaW4=");

        using var response = await client.GetAsync("api/v1/events");

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_forged_admin_token_does_not_create_an_event()
    {
        using var client = _system.CreateGatewayClient(TestTokens.Forged(Guid.NewGuid(), role: "admin"));

        using var response = await client.PostAsync("api/v1/events", Json.Raw(EventJson()));

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_service_itself_refuses_a_forged_admin_token_too()
    {
        using var direct = new HttpClient { BaseAddress = _system.ServiceUrl("events") };
        direct.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Forged(Guid.NewGuid(), role: "admin"));

        using var response = await direct.PostAsync("api/v1/events", Json.Raw(EventJson()));

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_user_on_an_admin_route_is_a_403_and_the_admin_gets_through()
    {
        var (userToken, _, _) = await _system.CreateGatewayClient().RegisterUserAsync();
        using var user = _system.CreateGatewayClient(userToken);
        using var admin = await _system.CreateAdminClientAsync();

        using var asUser = await user.PostAsync("api/v1/events", Json.Raw(EventJson()));
        using var asAdmin = await admin.PostAsync("api/v1/events", Json.Raw(EventJson()));

        await Problem.AssertAsync(asUser, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Created, asAdmin.StatusCode);
    }

    private static string EventJson()
    {
        var starts = DateTime.UtcNow.AddDays(10);
        return $$"""
            {"name": "Token test {{Guid.NewGuid():N}}", "description": "d", "venue": "Hall",
             "starts_at": "{{starts:O}}", "ends_at": "{{starts.AddHours(2):O}}",
             "total_capacity": 10, "price": 5, "currency": "USD"}
            """;
    }
}
