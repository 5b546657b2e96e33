using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evently.Api.Tests.Support;
using Evently.ServiceDefaults;
using Evently.Testing;

namespace Evently.Api.Tests.Identity;

[Collection(ApiCollection.Name)]
public sealed class LoginTests(ApiFixture fixture)
{
    private readonly EventlySystem _system = fixture.System;

    [Fact]
    public async Task Login_returns_token_expiry_and_user_whatever_the_email_case()
    {
        using var client = _system.CreateGatewayClient();
        var registered = await client.RegisterUserAsync();

        using var response = await client.PostAsJsonAsync("api/v1/auth/login",
            new { email = registered.Email.ToUpperInvariant(), password = registered.Password }, EventlyJson.Options);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json.ReadAsync(response);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("token").GetString()));
        Assert.True(body.GetProperty("expires_at").GetDateTime() > DateTime.UtcNow);
        var user = body.GetProperty("user");
        Assert.Equal(registered.UserId, user.GetProperty("id").GetGuid());
        Assert.Equal(registered.Email, user.GetProperty("email").GetString());
        Assert.Equal("user", user.GetProperty("role").GetString());
    }

    [Fact]
    public async Task The_admin_from_AppHost_can_log_in_as_admin()
    {
        using var client = _system.CreateGatewayClient();

        using var response = await client.PostAsJsonAsync("api/v1/auth/login",
            new { email = _system.AdminEmail, password = _system.AdminPassword }, EventlyJson.Options);

        var body = await Json.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("admin", body.GetProperty("user").GetProperty("role").GetString());
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_get_the_identical_401()
    {
        using var client = _system.CreateGatewayClient();
        var registered = await client.RegisterUserAsync();

        using var wrongPassword = await client.PostAsJsonAsync("api/v1/auth/login",
            new { email = registered.Email, password = "not-the-password" }, EventlyJson.Options);
        using var unknownEmail = await client.PostAsJsonAsync("api/v1/auth/login",
            new { email = $"nobody-{Guid.NewGuid():N}@test.evently", password = "not-the-password" }, EventlyJson.Options);

        var a = await Problem.AssertAsync(wrongPassword, HttpStatusCode.Unauthorized);
        var b = await Problem.AssertAsync(unknownEmail, HttpStatusCode.Unauthorized);
        Assert.Equal(WithoutTraceId(a), WithoutTraceId(b));
        Assert.Equal(wrongPassword.Headers.WwwAuthenticate.ToString(), unknownEmail.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{}")]
    [InlineData("{\"email\": \"a@test.evently\"}")]
    [InlineData("{\"password\": \"long-enough\"}")]
    [InlineData("{\"email\": true, \"password\": \"long-enough\"}")]
    [InlineData("[1, 2]")]
    public async Task A_malformed_login_is_a_400_problem(string json)
    {
        using var client = _system.CreateGatewayClient();

        using var response = await Json.PostAsync(client, "api/v1/auth/login", json);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
    }

    private static string WithoutTraceId(JsonElement problem) =>
        JsonSerializer.Serialize(problem.EnumerateObject().Where(p => p.Name != "trace_id").ToDictionary(p => p.Name, p => p.Value));
}
