using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Evently.EventsService.Events;

/// <summary>One event as the API shows it (snake_case JSON). Immutable, so the in-process cache can hand out the same instance.</summary>
[ImmutableObject(true)]
public sealed record EventResponse(
    Guid Id,
    string Name,
    string Description,
    string Venue,
    DateTime StartsAt,
    DateTime EndsAt,
    int TotalCapacity,
    int AvailableSeats,
    decimal Price,
    string Currency,
    int HoldMinutes,
    string Status,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    /// <summary>Only on reads that can come from the cache (<c>GET /events/{id}</c>); omitted elsewhere.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Cached { get; init; }

    /// <summary>The columns in constructor order, for every query that returns events.</summary>
    public const string Columns =
        """
        id, name, description, venue, starts_at AS StartsAt, ends_at AS EndsAt,
        total_capacity AS TotalCapacity, available_seats AS AvailableSeats, price, currency, hold_minutes AS HoldMinutes, status, version,
        created_at AS CreatedAt, updated_at AS UpdatedAt
        """;
}
