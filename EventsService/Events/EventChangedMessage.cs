using Evently.Contracts;
using Evently.Messaging;
using Npgsql;

namespace Evently.EventsService.Events;

/// <summary>Every create, change and cancel tells the other services, in the transaction that made it.</summary>
public static class EventChangedMessage
{
    public static Task EnqueueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, EventResponse e, CancellationToken ct) =>
        Outbox.EnqueueAsync(connection, transaction, new EventChanged(
            e.Id,
            e.Name,
            e.Venue,
            new DateTimeOffset(e.StartsAt, TimeSpan.Zero),
            new DateTimeOffset(e.EndsAt, TimeSpan.Zero),
            e.TotalCapacity,
            e.Price,
            e.Currency,
            e.Status,
            e.Version,
            DateTimeOffset.UtcNow,
            e.HoldMinutes), ct);
}
