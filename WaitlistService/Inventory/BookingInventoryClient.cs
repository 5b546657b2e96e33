using System.Net;
using Evently.ServiceDefaults;

namespace Evently.WaitlistService.Inventory;

/// <summary>The booking service's seat inventory of one event (<c>GET http://booking/internal/inventory/{id}</c>).</summary>
public sealed record EventInventory(Guid EventId, int TotalCapacity, int AvailableSeats, int HeldSeats, string Status);

/// <summary>Asks the booking service, which owns the seats, whether an event is sold out.</summary>
public sealed class BookingInventoryClient(HttpClient http)
{
    /// <returns>The inventory, or null when the booking service knows no such event.</returns>
    /// <exception cref="HttpRequestException">The booking service could not answer.</exception>
    public async Task<EventInventory?> GetAsync(Guid eventId, CancellationToken ct)
    {
        using var response = await http.GetAsync($"/internal/inventory/{eventId}", ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<EventInventory>(EventlyJson.Options, ct)
            ?? throw new HttpRequestException("The booking service sent an empty inventory.");
    }
}
