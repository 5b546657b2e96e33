namespace Evently.EventsService.LiveSeats;

/// <summary>
/// <c>LiveSeats:Enabled</c> (default true): overlay the booking shards' live counts (Redis) on event reads.
/// <c>LiveSeats:TimeoutMs</c> (default 200): how long a read waits for Redis before showing the database count.
/// </summary>
public sealed record LiveSeatsSettings(bool Enabled, TimeSpan Timeout);
