using Evently.BookingService.Bookings;
using Evently.BookingService.Sharding;

namespace Evently.BookingService.Strategies;

/// <summary>What one booking attempt asks for; the id is chosen up front (it names the shard).</summary>
public sealed record BookingAttempt(
    Guid BookingId, Guid EventId, Guid UserId, int Quantity, string? IdempotencyKey, string? RequestHash,
    string? TraceParent, DateTime CreatedAt);

/// <summary>How a booking attempt ended.</summary>
public abstract record BookOutcome
{
    public sealed record Booked(BookingRecord Booking) : BookOutcome;

    /// <summary>Fewer seats than asked were free at this request's turn: exactly <paramref name="Available"/>.</summary>
    public sealed record NotEnoughSeats(int Available) : BookOutcome;

    public sealed record EventCancelled : BookOutcome;

    /// <summary>No inventory row on the shard yet: the caller fetches the event and tries again.</summary>
    public sealed record EventUnknown : BookOutcome;

    /// <summary>Lost to other bookers (lock not had in time, optimistic retries spent, stale fencing token).</summary>
    public sealed record Busy : BookOutcome;

    /// <summary>The (user, Idempotency-Key) pair already exists: the caller returns the original booking.</summary>
    public sealed record DuplicateKey : BookOutcome;

    /// <summary>A dependency the strategy needs (not the shard) is down, e.g. Redis for redis-lock.</summary>
    public sealed record Unavailable(string Detail) : BookOutcome;
}

/// <summary>
/// One way of taking seats without overselling (<c>Booking:Strategy</c>). Every strategy takes the seats, inserts
/// the booking and its outbox message in one transaction; the CHECK constraints back them up.
/// </summary>
public interface IBookingStrategy
{
    string Name { get; }

    Task<BookOutcome> TryBookAsync(Shard shard, BookingAttempt attempt, CancellationToken ct);
}
