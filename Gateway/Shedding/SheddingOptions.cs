namespace Evently.Gateway.Shedding;

/// <summary><c>Gateway:Shedding:*</c>: how much booking work one gateway replica lets through at once.</summary>
public sealed class SheddingOptions
{
    public const string SectionName = "Gateway:Shedding";

    /// <summary>
    /// Bookings, holds and hold confirms in flight through this gateway at once (0 = no bound). Matches the booking
    /// cluster's pooled connections (<c>MaxConnectionsPerServer</c>), so none of them waits for a connection.
    /// </summary>
    public int MaxBookingWritesInFlight { get; set; } = 1024;
}
