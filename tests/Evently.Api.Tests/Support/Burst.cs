using System.Net;

namespace Evently.Api.Tests.Support;

/// <summary>Fires waves of parallel requests until one is refused with 429, within a fixed request budget.</summary>
public static class Burst
{
    private const int Wave = 50;
    private const int Budget = 5000;
    private static int _nextIp;

    public static async Task<HttpResponseMessage> UntilTooManyAsync(HttpClient client, Func<HttpRequestMessage> request)
    {
        for (var sent = 0; sent < Budget; sent += Wave)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, Wave).Select(async _ =>
            {
                using var message = request();
                return await client.SendAsync(message);
            }));
            var rejected = responses.FirstOrDefault(r => r.StatusCode == HttpStatusCode.TooManyRequests);
            foreach (var response in responses.Where(r => r != rejected))
            {
                response.Dispose();
            }

            if (rejected is not null)
            {
                return rejected;
            }
        }

        throw new Xunit.Sdk.XunitException($"No 429 after {Budget} requests.");
    }

    /// <summary>A documentation-range address (RFC 5737) no other test uses.</summary>
    public static string NewClientIp()
    {
        var n = Interlocked.Increment(ref _nextIp);
        return $"198.51.{100 + (n / 250)}.{1 + (n % 250)}";
    }

    public static HttpRequestMessage From(string clientIp, HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Forwarded-For", clientIp);
        return request;
    }
}
