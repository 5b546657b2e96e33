using Npgsql;

namespace Evently.BookingService.Sharding;

/// <summary>One booking database: its index, its resource name and its pooled data source.</summary>
public sealed record Shard(int Index, string Name, NpgsqlDataSource DataSource)
{
    public string Endpoint
    {
        get
        {
            var csb = new NpgsqlConnectionStringBuilder(DataSource.ConnectionString);
            return $"{csb.Host}:{csb.Port}/{csb.Database}";
        }
    }
}

/// <summary>The shard map, derived from <c>Booking:Shards</c>: shard i is the server <c>booking-db-i</c>.</summary>
public sealed class ShardMap(IReadOnlyList<Shard> shards)
{
    public IReadOnlyList<Shard> Shards { get; } = shards;

    public int Count => Shards.Count;

    public Shard ForEvent(Guid eventId) => Shards[ShardHash.ShardOf(eventId, Count)];

    /// <returns>The shard a booking id names, or null for an id this map cannot have issued.</returns>
    public Shard? ForBooking(Guid bookingId) =>
        BookingIds.ShardOf(bookingId) is var index && index < Count ? Shards[index] : null;

    public static string ResourceName(int index) => $"booking-db-{index}";

    public IReadOnlyDictionary<string, object> Describe() =>
        Shards.ToDictionary(s => s.Name, s => (object)s.Endpoint);
}
