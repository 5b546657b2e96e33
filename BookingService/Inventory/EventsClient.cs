using System.Net;
using Evently.ServiceDefaults;

namespace Evently.BookingService.Inventory;

/// <summary>Asks the events service (<c>GET http://events/internal/events/{id}</c>) about an event this shard has not seen yet.</summary>
public sealed class EventsClient(HttpClient http)
{
    private sealed record EventDto(Guid Id, int TotalCapacity, decimal Price, string? Currency, string? Status, long Version, int? HoldMinutes);

    /// <summary>What a door check-in shows of the event besides the shard's inventory.</summary>
    public sealed record EventSummary(string? Name, string? Venue, DateTime? StartsAt, DateTime? EndsAt);

    /// <returns>The event, or null when the events service says it does not exist.</returns>
    /// <exception cref="HttpRequestException">The events service could not answer.</exception>
    public async Task<EventSnapshot?> GetAsync(Guid eventId, CancellationToken ct)
    {
        using var response = await http.GetAsync($"/internal/events/{eventId}", ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var dto = await response.Content.ReadFromJsonAsync<EventDto>(EventlyJson.Options, ct)
            ?? throw new HttpRequestException("The events service answered an empty body.");
        return new EventSnapshot(dto.Id, dto.TotalCapacity, dto.Price, dto.Currency ?? "USD",
            dto.Status ?? Contracts.EventStatuses.Scheduled, dto.Version, dto.HoldMinutes ?? Contracts.EventChanged.DefaultHoldMinutes);
    }

    /// <returns>The event's name, venue and times, or null when the events service does not know it.</returns>
    /// <exception cref="HttpRequestException">The events service could not answer.</exception>
    public async Task<EventSummary?> GetSummaryAsync(Guid eventId, CancellationToken ct)
    {
        using var response = await http.GetAsync($"/internal/events/{eventId}", ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<EventSummary>(EventlyJson.Options, ct);
    }
}
