using System.Net;
using System.Net.Http.Json;
using Evently.Api.Tests.Support;
using Evently.ServiceDefaults;
using Evently.Testing;

namespace Evently.Api.Tests.Identity;

[Collection(ApiCollection.Name)]
public sealed class RegisterTests(ApiFixture fixture)
{
    private readonly EventlySystem _system = fixture.System;

    private static string NewEmail() => $"reg-{Guid.NewGuid():N}@test.evently";

    [Fact]
    public async Task Register_answers_201_with_the_user_and_a_token_that_works()
    {
        using var client = _system.CreateGatewayClient();
        var email = NewEmail();

        using var response = await client.PostAsJsonAsync("api/v1/auth/register",
            new { email, password = "correct-horse", name = "  Ada Lovelace " }, EventlyJson.Options);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Json.ReadAsync(response);
        Assert.True(body.GetProperty("success").GetBoolean());
        var user = body.GetProperty("user");
        var id = user.GetProperty("id").GetGuid();
        Assert.Equal(email, user.GetProperty("email").GetString());
        Assert.Equal("Ada Lovelace", user.GetProperty("name").GetString());
        Assert.Equal("user", user.GetProperty("role").GetString());
        Assert.True(user.GetProperty("created_at").GetDateTime() > DateTime.UtcNow.AddMinutes(-5));
        Assert.False(user.TryGetProperty("password_hash", out _));
        Assert.True(body.GetProperty("expires_at").GetDateTime() > DateTime.UtcNow);

        using var me = _system.CreateGatewayClient(body.GetProperty("token").GetString());
        var profile = await Json.ReadAsync(await me.GetAsync("api/v1/auth/me"));
        Assert.Equal(id, profile.GetProperty("user").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task The_same_email_in_another_letter_case_is_a_409()
    {
        using var client = _system.CreateGatewayClient();
        var email = NewEmail();
        await client.RegisterUserAsync(email);

        using var again = await client.PostAsJsonAsync("api/v1/auth/register",
            new { email = email.ToUpperInvariant(), password = "another-password", name = "Copycat" }, EventlyJson.Options);

        var problem = await Problem.AssertAsync(again, HttpStatusCode.Conflict);
        Assert.Contains("already exists", Problem.Detail(problem), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-an-email", "long-enough", "Ann", "email")]
    [InlineData("Ann <ann@test.evently>", "long-enough", "Ann", "email")]
    [InlineData("", "long-enough", "Ann", "email")]
    [InlineData("{email}", "short", "Ann", "password")]
    [InlineData("{email}", "", "Ann", "password")]
    [InlineData("{email}", "long-enough", "", "name")]
    [InlineData("{email}", "long-enough", "   ", "name")]
    [InlineData("{email}", "long-enough", "{201 chars}", "name")]
    public async Task Each_invalid_field_is_named_in_a_400(string email, string password, string name, string field)
    {
        using var client = _system.CreateGatewayClient();
        email = email.Replace("{email}", NewEmail(), StringComparison.Ordinal);
        name = name == "{201 chars}" ? new string('n', 201) : name;

        using var response = await client.PostAsJsonAsync("api/v1/auth/register", new { email, password, name }, EventlyJson.Options);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for {field}: {problem}");
        Assert.NotEmpty(messages.EnumerateArray());
    }

    [Fact]
    public async Task All_invalid_fields_are_reported_together()
    {
        using var client = _system.CreateGatewayClient();

        using var response = await client.PostAsJsonAsync("api/v1/auth/register", new { email = "nope", password = "1234567", name = "" },
            EventlyJson.Options);

        var errors = (await Problem.AssertAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("password", out _));
        Assert.True(errors.TryGetProperty("name", out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"email\": ")]
    [InlineData("[]")]
    [InlineData("\"just a string\"")]
    [InlineData("{\"email\": 42, \"password\": \"long-enough\", \"name\": \"Ann\"}")]
    [InlineData("{\"email\": \"a@test.evently\", \"password\": [\"x\"], \"name\": \"Ann\"}")]
    [InlineData("null")]
    public async Task A_malformed_body_is_a_400_problem(string json)
    {
        using var client = _system.CreateGatewayClient();

        using var response = await Json.PostAsync(client, "api/v1/auth/register", json);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_with_a_4xx_problem()
    {
        using var client = _system.CreateGatewayClient();

        using var response = await client.PostAsync("api/v1/auth/register", new StringContent("email=a@b.c", null, "text/plain"));

        await Problem.AssertAsync(response, HttpStatusCode.UnsupportedMediaType);
    }
}
