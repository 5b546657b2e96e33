namespace Evently.BookingService.Sharding;

/// <summary>
/// Booking ids are UUIDv7 (time-ordered, so the primary key index stays append-mostly) whose last byte names the
/// shard that stores the booking. GET and cancel by id then go straight to one shard instead of asking all of them,
/// and a shard being down only affects its own bookings. The last byte sits in v7's random part, so the id stays a
/// valid v7 UUID; 256 shards are plenty.
/// </summary>
public static class BookingIds
{
    public static Guid New(int shard)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shard, 255);
        Span<byte> bytes = stackalloc byte[16];
        Guid.CreateVersion7().TryWriteBytes(bytes, bigEndian: true, out _);
        bytes[15] = (byte)shard;
        return new Guid(bytes, bigEndian: true);
    }

    public static int ShardOf(Guid bookingId)
    {
        Span<byte> bytes = stackalloc byte[16];
        bookingId.TryWriteBytes(bytes, bigEndian: true, out _);
        return bytes[15];
    }
}
