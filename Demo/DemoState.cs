using Evently.Client;

namespace Evently.Demo;

/// <summary>A signed-in demo user and its client.</summary>
public sealed record DemoUser(string Name, string Email, EventlyApiClient Api);

/// <summary>What the steps hand on to each other: who signed in, the event, the bookings.</summary>
public sealed class DemoState
{
    public required EventlyApiClient Admin { get; init; }

    public required IReadOnlyList<DemoUser> Users { get; init; }

    public Guid EventId { get; set; }

    public string EventName { get; set; } = "";

    public int Capacity { get; set; }

    /// <summary>The user whose booking won the race, and that booking (cancelled later to promote the waitlist).</summary>
    public DemoUser? Winner { get; set; }

    public Guid WinnerBookingId { get; set; }

    public int WinnerSeats { get; set; }

    public DemoUser? Loser { get; set; }

    /// <summary>Seats left after the race, as the winning booking reported them.</summary>
    public int SeatsLeft { get; set; }

    public Guid WaitlistEntryId { get; set; }

    public int WaitlistSeats { get; set; }
}
