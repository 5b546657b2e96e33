using System.Net;
using System.Text.Json;
using Evently.Testing;

namespace Evently.BoxOffice.Tests.Webhooks;

/// <summary>The admin webhook routes as the tests call them (through the gateway).</summary>
internal static class WebhookApi
{
    public const string Root = "api/v1/admin/webhooks";
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    public sealed record Registered(Guid Id, string Secret, JsonElement Body);

    public static Task<Api.Answer> RegisterAsync(HttpClient admin, string url, params string[] events) =>
        Api.SendAsync(admin, HttpMethod.Post, Root, new { url, events });

    public static async Task<Registered> RegisterOrFailAsync(HttpClient admin, string url, params string[] events)
    {
        var answer = await RegisterAsync(admin, url, events);
        Assert.True(answer.Status == HttpStatusCode.Created, $"register answered {answer}");
        return new Registered(answer.Body.GetProperty("id").GetGuid(), answer.Body.GetProperty("secret").GetString()!, answer.Body);
    }

    public static async Task<JsonElement> GetOrFailAsync(HttpClient admin, Guid id)
    {
        var answer = await Api.GetAsync(admin, $"{Root}/{id}");
        Assert.True(answer.Status == HttpStatusCode.OK, $"get answered {answer}");
        return answer.Body;
    }

    public static async Task<JsonElement[]> DeliveriesAsync(HttpClient admin, Guid id)
    {
        var answer = await Api.GetAsync(admin, $"{Root}/{id}/deliveries");
        Assert.True(answer.Status == HttpStatusCode.OK, $"deliveries answered {answer}");
        return [.. answer.Body.GetProperty("deliveries").EnumerateArray()];
    }

    public static async Task SetEnabledOrFailAsync(HttpClient admin, Guid id, bool enabled)
    {
        var answer = await Api.SendAsync(admin, HttpMethod.Post, $"{Root}/{id}/{(enabled ? "enable" : "disable")}");
        Assert.True(answer.Status == HttpStatusCode.OK, $"{(enabled ? "enable" : "disable")} answered {answer}");
        Assert.Equal(enabled, answer.Body.GetProperty("enabled").GetBoolean());
    }

    /// <summary>Deletes the endpoint (tests clean up, so later bookings are not queued for receivers that are gone).</summary>
    public static async Task DeleteAsync(HttpClient admin, Guid id) => await Api.SendAsync(admin, HttpMethod.Delete, $"{Root}/{id}");

    /// <summary>Waits until the receiver accepted a webhook of <paramref name="type"/> whose data matches, and returns it.</summary>
    public static async Task<ReceivedWebhook> WaitForAsync(WebhookReceiver receiver, string type, Func<JsonElement, bool> data, string because)
    {
        ReceivedWebhook? found = null;
        await Eventually.UntilAsync(() =>
        {
            found = receiver.Accepted().FirstOrDefault(r => r.Type == type && data(r.Data));
            return found is not null;
        }, Deadline, because);
        return found!;
    }

    public static Func<JsonElement, bool> Booking(Guid bookingId) => d => d.GetProperty("booking_id").GetGuid() == bookingId;
}
