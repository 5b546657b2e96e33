using System.Net;
using System.Text;
using Evently.Testing;

namespace Evently.BoxOffice.Tests.Webhooks;

/// <summary>
/// Bad input on every webhook route is a 4xx problem+json that changes nothing; URLs into private networks are refused
/// (the fixture allows loopback only, so 10/8, link-local and the metadata address stay refused).
/// </summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class WebhookValidationTests(BoxOfficeFixture fixture)
{
    private EventlySystem System => fixture.System;

    public static TheoryData<string> RefusedUrls =>
    [
        "http://10.0.0.1/hook",
        "http://192.168.1.20/hook",
        "http://172.16.5.4:8080/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/hook",
        "http://0.0.0.0/hook",
        "http://[fd00:ec2::254]/hook",
        "http://[fe80::1]/hook",
        "http://[::ffff:10.0.0.1]/hook",
        "ftp://example.com/hook",
        "file:///etc/passwd",
        "/relative/hook",
        "not a url",
        "http://user:secret@127.0.0.1/hook",
        "http://no-such-host.invalid/hook",
    ];

    [Theory]
    [MemberData(nameof(RefusedUrls))]
    public async Task A_url_outside_the_allowed_networks_is_refused(string url)
    {
        using var admin = await System.CreateAdminClientAsync();
        var before = await CountAsync(admin);
        var answer = await WebhookApi.RegisterAsync(admin, url, "booking.confirmed");
        AssertProblem(answer, HttpStatusCode.BadRequest);
        Assert.True(answer.Body.GetProperty("errors").TryGetProperty("url", out _), answer.ToString());
        Assert.Equal(before, await CountAsync(admin));
    }

    [Fact]
    public async Task Every_webhook_route_answers_bad_input_with_a_4xx_problem_and_changes_nothing()
    {
        using var admin = await System.CreateAdminClientAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var endpoint = await WebhookApi.RegisterOrFailAsync(admin, receiver.Url, "booking.confirmed");
        try
        {
            var before = await CountAsync(admin);
            var view = (await WebhookApi.GetOrFailAsync(admin, endpoint.Id)).ToString();
            var (user, _) = await Api.NewUserAsync(System);
            using var anonymous = System.CreateGatewayClient();
            var root = WebhookApi.Root;
            var id = endpoint.Id;
            var requests = new List<(string Name, HttpClient Client, HttpMethod Method, string Path, string? Body, HttpStatusCode Expected)>
            {
                ("no body", admin, HttpMethod.Post, root, "", HttpStatusCode.BadRequest),
                ("not json", admin, HttpMethod.Post, root, "url=http://127.0.0.1/", HttpStatusCode.BadRequest),
                ("json array", admin, HttpMethod.Post, root, "[]", HttpStatusCode.BadRequest),
                ("no url", admin, HttpMethod.Post, root, """{"events":["booking.confirmed"]}""", HttpStatusCode.BadRequest),
                ("url a number", admin, HttpMethod.Post, root, """{"url":5,"events":["booking.confirmed"]}""", HttpStatusCode.BadRequest),
                ("no events", admin, HttpMethod.Post, root, $$"""{"url":"{{receiver.Url}}"}""", HttpStatusCode.BadRequest),
                ("empty events", admin, HttpMethod.Post, root, $$"""{"url":"{{receiver.Url}}","events":[]}""", HttpStatusCode.BadRequest),
                ("events a string", admin, HttpMethod.Post, root, $$"""{"url":"{{receiver.Url}}","events":"booking.confirmed"}""", HttpStatusCode.BadRequest),
                ("unknown event", admin, HttpMethod.Post, root, $$"""{"url":"{{receiver.Url}}","events":["booking.exploded"]}""", HttpStatusCode.BadRequest),
                ("null event", admin, HttpMethod.Post, root, $$"""{"url":"{{receiver.Url}}","events":[null]}""", HttpStatusCode.BadRequest),
                ("huge url", admin, HttpMethod.Post, root, $$"""{"url":"http://127.0.0.1/{{new string('a', 3000)}}","events":["booking.confirmed"]}""", HttpStatusCode.BadRequest),
                ("user registers", user, HttpMethod.Post, root, $$"""{"url":"{{receiver.Url}}","events":["booking.confirmed"]}""", HttpStatusCode.Forbidden),
                ("anonymous registers", anonymous, HttpMethod.Post, root, $$"""{"url":"{{receiver.Url}}","events":["booking.confirmed"]}""", HttpStatusCode.Unauthorized),
                ("user lists", user, HttpMethod.Get, root, null, HttpStatusCode.Forbidden),
                ("anonymous lists", anonymous, HttpMethod.Get, root, null, HttpStatusCode.Unauthorized),
                ("user disables", user, HttpMethod.Post, $"{root}/{id}/disable", null, HttpStatusCode.Forbidden),
                ("user deletes", user, HttpMethod.Delete, $"{root}/{id}", null, HttpStatusCode.Forbidden),
                ("user reads deliveries", user, HttpMethod.Get, $"{root}/{id}/deliveries", null, HttpStatusCode.Forbidden),
                ("limit zero", admin, HttpMethod.Get, $"{root}/{id}/deliveries?limit=0", null, HttpStatusCode.BadRequest),
                ("limit huge", admin, HttpMethod.Get, $"{root}/{id}/deliveries?limit=99999999999", null, HttpStatusCode.BadRequest),
                ("limit text", admin, HttpMethod.Get, $"{root}/{id}/deliveries?limit=abc", null, HttpStatusCode.BadRequest),
                ("redeliver unknown delivery", admin, HttpMethod.Post, $"{root}/{id}/deliveries/{Guid.NewGuid()}/redeliver", null, HttpStatusCode.NotFound),
                ("redeliver bad delivery id", admin, HttpMethod.Post, $"{root}/{id}/deliveries/x'--/redeliver", null, HttpStatusCode.NotFound),
                ("wrong method", admin, HttpMethod.Put, $"{root}/{id}", "{}", HttpStatusCode.MethodNotAllowed),
            };
            foreach (var hostile in new[] { Guid.NewGuid().ToString(), "not-a-guid", "1 OR 1=1", "%00", "..%2F..%2Fetc" })
            {
                var bad = Uri.EscapeDataString(hostile);
                requests.Add(($"get {hostile}", admin, HttpMethod.Get, $"{root}/{bad}", null, HttpStatusCode.NotFound));
                requests.Add(($"disable {hostile}", admin, HttpMethod.Post, $"{root}/{bad}/disable", null, HttpStatusCode.NotFound));
                requests.Add(($"enable {hostile}", admin, HttpMethod.Post, $"{root}/{bad}/enable", null, HttpStatusCode.NotFound));
                requests.Add(($"delete {hostile}", admin, HttpMethod.Delete, $"{root}/{bad}", null, HttpStatusCode.NotFound));
                requests.Add(($"deliveries {hostile}", admin, HttpMethod.Get, $"{root}/{bad}/deliveries", null, HttpStatusCode.NotFound));
                requests.Add(($"redeliver {hostile}", admin, HttpMethod.Post, $"{root}/{bad}/deliveries/{Guid.NewGuid()}/redeliver", null, HttpStatusCode.NotFound));
            }

            var failures = new List<string>();
            foreach (var (name, client, method, path, body, expected) in requests)
            {
                using var request = new HttpRequestMessage(method, path);
                if (body is not null)
                {
                    request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
                if (response.StatusCode != expected || !problem)
                {
                    failures.Add($"{name}: {(int)response.StatusCode} {response.Content.Headers.ContentType} {text}");
                }
            }

            Assert.True(failures.Count == 0, string.Join("\n", failures));
            Assert.Equal(before, await CountAsync(admin));
            Assert.Equal(view, (await WebhookApi.GetOrFailAsync(admin, endpoint.Id)).ToString());
        }
        finally
        {
            await WebhookApi.DeleteAsync(admin, endpoint.Id);
        }
    }

    private static async Task<int> CountAsync(HttpClient admin)
    {
        var list = await Api.GetAsync(admin, WebhookApi.Root);
        Assert.Equal(HttpStatusCode.OK, list.Status);
        return list.Body.GetProperty("webhooks").GetArrayLength();
    }

    private static void AssertProblem(Api.Answer answer, HttpStatusCode expected)
    {
        Assert.True(answer.Status == expected, answer.ToString());
        Assert.False(answer.Body.GetProperty("success").GetBoolean());
        Assert.False(string.IsNullOrEmpty(answer.Body.GetProperty("error").GetString()));
    }
}
