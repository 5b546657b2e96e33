using System.Net;
using System.Net.Http.Json;
using Evently.Testing;

namespace Evently.Api.Tests.Events;

/// <summary>Creating, changing and cancelling events is for admins: 401 without a token, 403 for users.</summary>
[Collection("api")]
public sealed class EventAdminAuthTests(ApiFixture fixture)
{
    public static TheoryData<string> Methods() => ["POST", "PUT", "DELETE"];

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Anonymous_gets_401_and_a_user_gets_403(string method)
    {
        using var admin = fixture.System.CreateGatewayClient(await fixture.System.AdminTokenAsync());
        var existing = await EventsApi.CreateAsync(admin, EventsApi.ValidBody());
        var url = method == "POST" ? EventsApi.Path : $"{EventsApi.Path}/{existing["id"]}";

        using var anonymous = fixture.System.CreateGatewayClient();
        using var user = fixture.System.CreateGatewayClient(await EventsApi.UserTokenAsync(fixture.System));

        using (var response = await SendAsync(anonymous, method, url))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            EventsApi.AssertProblem(response);
        }

        using (var response = await SendAsync(user, method, url))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            EventsApi.AssertProblem(response);
        }

        // Nothing the refused calls sent reached the event.
        var (_, current) = await EventsApi.GetAsync(anonymous, $"{EventsApi.Path}/{existing["id"]}");
        Assert.Equal(existing["version"]!.GetValue<long>(), current["version"]!.GetValue<long>());
        Assert.Equal("scheduled", current["status"]!.GetValue<string>());

        using (var response = await SendAsync(admin, method, url))
        {
            Assert.True(response.IsSuccessStatusCode, $"admin {method} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_forged_token_is_401()
    {
        using var forged = fixture.System.CreateGatewayClient(
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIiwicm9sZSI6ImFkbWluIn0.c2lnbmF0dXJlLW5vdC12YWxpZA");
        using var response = await forged.PostAsJsonAsync(EventsApi.Path, EventsApi.ValidBody());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method != "DELETE")
        {
            var body = EventsApi.ValidBody(name: method == "PUT" ? "Changed by someone" : null);
            request.Content = JsonContent.Create(body);
        }

        return client.SendAsync(request);
    }
}
