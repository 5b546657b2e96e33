using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Evently.Bench.Booking;

/// <summary>
/// One checkout as a buyer makes it: <c>POST /holds</c>, then <c>POST /holds/{id}/confirm</c>, measured as one
/// operation. Each worker is its own user, so the per-user hold cap never refuses it.
/// </summary>
public static class HoldFlow
{
    public const string Name = "hold + confirm";

    public static Func<HttpClient, int, CancellationToken, Task<string>> Operation(Guid eventId, IReadOnlyList<string> tokens, bool shedBackOff)
    {
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { event_id = eventId, quantity = 1 }));
        var auth = tokens.Select(t => new AuthenticationHeaderValue("Bearer", t)).ToArray();
        var json = new MediaTypeHeaderValue("application/json");
        return async (client, worker, ct) =>
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = json;
            using var hold = new HttpRequestMessage(HttpMethod.Post, "api/v1/holds") { Content = content };
            hold.Headers.Authorization = auth[worker % auth.Length];
            using var held = await client.SendAsync(hold, HttpCompletionOption.ResponseContentRead, ct);
            if (held.StatusCode != HttpStatusCode.Created)
            {
                return await Classify(held, "hold_", shedBackOff);
            }

            var id = JsonNode.Parse(await held.Content.ReadAsStringAsync(ct))!["id"]!.GetValue<string>();
            using var confirm = new HttpRequestMessage(HttpMethod.Post, $"api/v1/holds/{id}/confirm");
            confirm.Headers.Authorization = auth[worker % auth.Length];
            using var confirmed = await client.SendAsync(confirm, HttpCompletionOption.ResponseContentRead, ct);
            return confirmed.StatusCode == HttpStatusCode.Created ? "booked" : await Classify(confirmed, "confirm_", shedBackOff);
        };
    }

    private static async Task<string> Classify(HttpResponseMessage response, string step, bool shedBackOff)
    {
        var status = (int)response.StatusCode;
        if (status == 409)
        {
            var text = await response.Content.ReadAsStringAsync();
            return text.Contains("seats available", StringComparison.Ordinal) ? "sold_out_409" : $"other_{step}409";
        }

        if (await BookingBench.IsShedAsync(response, shedBackOff))
        {
            return "shed_503";
        }

        return status switch
        {
            429 => "rate_limited_429",
            >= 500 => "server_5xx",
            _ => $"other_{step}{status}",
        };
    }
}
