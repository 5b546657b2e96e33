using System.Net;
using Evently.BoxOffice.Tests.Holds;
using Evently.BoxOffice.Tests.Tickets;
using Evently.Testing;

namespace Evently.BoxOffice.Tests;

/// <summary>A buyer's whole evening: hold, confirm, tickets with their QR code, and the door scan by a staff member.</summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class BoxOfficeFlowTests(BoxOfficeFixture fixture)
{
    private EventlySystem System => fixture.System;

    [Fact]
    public async Task Hold_confirm_tickets_and_check_in_end_to_end()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity: 10);
        var (buyer, _) = await Api.NewUserAsync(System);

        var holdId = await HoldApi.HoldOrFailAsync(buyer, eventId, 2);
        var confirmed = await HoldApi.ConfirmAsync(buyer, holdId);
        Assert.True(confirmed.Status == HttpStatusCode.Created, $"confirm answered {confirmed}");
        var bookingId = confirmed.Body.GetProperty("booking").GetProperty("id").GetGuid();

        var tickets = await Api.GetAsync(buyer, $"api/v1/bookings/{bookingId}/tickets");
        Assert.True(tickets.Status == HttpStatusCode.OK, $"tickets answered {tickets}");
        var list = tickets.Body.GetProperty("tickets").EnumerateArray().ToList();
        Assert.Equal(2, list.Count);
        var code = list[0].GetProperty("code").GetString()!;
        var png = await buyer.GetByteArrayAsync($"api/v1/bookings/{bookingId}/tickets/{list[0].GetProperty("id").GetGuid()}/qr.png");
        Assert.Equal(code, QrDecoder.DecodePng(png));

        // The door: an admin makes a user staff; the user logs in again to carry the role.
        using var anonymous = System.CreateGatewayClient();
        var door = await anonymous.RegisterUserAsync();
        var granted = await Api.SendAsync(admin, HttpMethod.Put, $"api/v1/admin/users/{door.UserId}/roles/staff");
        Assert.True(granted.Status == HttpStatusCode.OK, $"grant answered {granted}");
        using var staff = System.CreateGatewayClient(await anonymous.LoginAsync(door.Email, door.Password));

        var scanned = await Api.SendAsync(staff, HttpMethod.Post, "api/v1/check-in", new { code });
        Assert.True(scanned.Status == HttpStatusCode.OK, $"check-in answered {scanned}");
        Assert.Equal(eventId, scanned.Body.GetProperty("event").GetProperty("id").GetGuid());
        var again = await Api.SendAsync(staff, HttpMethod.Post, "api/v1/check-in", new { code });
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.StartsWith("Already checked in at ", again.Detail, StringComparison.Ordinal);

        await Eventually.UntilAsync(async () =>
        {
            var counts = await Api.GetAsync(admin, $"api/v1/analytics/events/{eventId}/check-in");
            return counts.Status == HttpStatusCode.OK && counts.Body.GetProperty("check_in").GetProperty("checked_in").GetInt64() == 1
                && counts.Body.GetProperty("check_in").GetProperty("tickets_sold").GetInt64() == 2;
        }, Api.Deadline, "analytics should count 1 of 2 tickets checked in");
    }
}
