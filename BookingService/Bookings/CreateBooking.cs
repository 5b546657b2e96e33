using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Evently.BookingService.Inventory;
using Evently.BookingService.Sharding;
using Evently.BookingService.Shedding;
using Evently.BookingService.Strategies;
using Evently.BookingService.Telemetry;

namespace Evently.BookingService.Bookings;

/// <summary>How a create-booking request ended, for the endpoint to turn into HTTP.</summary>
public abstract record CreateResult
{
    public sealed record Created(BookingRecord Booking) : CreateResult;

    /// <summary>An Idempotency-Key replay: the original booking.</summary>
    public sealed record Replayed(BookingRecord Booking) : CreateResult;

    public sealed record Refused(int Status, string Detail, string Reason) : CreateResult;
}

/// <summary>
/// Books seats: finds the event's shard, honours the Idempotency-Key, runs the configured strategy and, when the
/// shard has never heard of the event, asks the events service once and tries again.
/// </summary>
public sealed class CreateBooking(ShardMap shards, IBookingStrategy strategy, InventoryProvisioner provisioner,
    BookingQueries queries, BookingMetrics metrics, LoadShedding shedding)
{
    public const string BusyDetail = "Event is being booked by another user. Please try again.";
    public const string ShardDownDetail = "Booking is temporarily unavailable for this event; please retry shortly";
    public const string EventsDownDetail = "The events service is unavailable, so this event cannot be checked right now; please retry shortly";
    public const string KeyReusedDetail = "This Idempotency-Key was already used for a different booking request";

    public async Task<CreateResult> ExecuteAsync(Guid userId, Guid eventId, int quantity, string? idempotencyKey, CancellationToken ct)
    {
        var shard = shards.ForEvent(eventId);
        var requestHash = idempotencyKey is null ? null : RequestHash(eventId, quantity);
        if (idempotencyKey is not null && await ReplayAsync(userId, idempotencyKey, requestHash!, shard, ct) is { } replay)
        {
            return replay;
        }

        var createdAt = DateTime.UtcNow;
        createdAt = createdAt.AddTicks(-(createdAt.Ticks % 10)); // PostgreSQL keeps microseconds: store what we answer
        var attempt = new BookingAttempt(BookingIds.New(shard.Index), eventId, userId, quantity, idempotencyKey, requestHash,
            Activity.Current?.Id, createdAt);

        // Past the shard's bound the request is refused now, before it touches anything, rather than left waiting.
        using var admission = await shedding.Bookings.EnterAsync(shard, ct);
        if (admission.Refusal is { } shed)
        {
            return Refuse(503, shed, "shed");
        }

        var outcome = await strategy.TryBookAsync(shard, attempt, ct);
        if (outcome is BookOutcome.EventUnknown)
        {
            switch (await provisioner.EnsureAsync(shard, eventId, ct))
            {
                case InventoryProvisioner.Result.NotFound:
                    return Refuse(404, "Event not found", "event_not_found");
                case InventoryProvisioner.Result.EventsUnavailable:
                    return Refuse(503, EventsDownDetail, "events_unavailable");
                default:
                    outcome = await strategy.TryBookAsync(shard, attempt, ct);
                    break;
            }
        }

        switch (outcome)
        {
            case BookOutcome.Booked booked:
                metrics.Confirmed.Add(1);
                metrics.SeatsSold.Add(quantity);
                return new CreateResult.Created(booked.Booking);
            case BookOutcome.NotEnoughSeats n:
                return Refuse(409, $"Only {n.Available} seats available", "sold_out");
            case BookOutcome.EventCancelled:
                return Refuse(409, "Event has been cancelled", "event_cancelled");
            case BookOutcome.EventUnknown:
                return Refuse(404, "Event not found", "event_not_found");
            case BookOutcome.Busy:
                return Refuse(409, BusyDetail, "busy");
            case BookOutcome.Unavailable u:
                return Refuse(503, u.Detail, "dependency_unavailable");
            case BookOutcome.DuplicateKey:
                return await ReplayAsync(userId, idempotencyKey!, requestHash!, shard, ct)
                    ?? throw new InvalidOperationException("Idempotency-Key conflict without a stored booking.");
            default:
                throw new InvalidOperationException($"Unexpected outcome {outcome}.");
        }
    }

    private async Task<CreateResult?> ReplayAsync(Guid userId, string key, string requestHash, Shard shard, CancellationToken ct)
    {
        var existing = await queries.ByIdempotencyKeyAsync(userId, key, shard, ct);
        if (existing is null)
        {
            return null;
        }

        return existing.RequestHash == requestHash
            ? new CreateResult.Replayed(existing)
            : Refuse(422, KeyReusedDetail, "idempotency_key_reused");
    }

    private CreateResult.Refused Refuse(int status, string detail, string reason)
    {
        metrics.Reject(reason);
        return new CreateResult.Refused(status, detail, reason);
    }

    public static string RequestHash(Guid eventId, int quantity) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{eventId:D}|{quantity}")));
}
