using System.IO.Hashing;

namespace Evently.BookingService.Sharding;

/// <summary>
/// The one function that places an event on a shard. It must never change: every stored booking was placed by it.
/// XxHash32 (seed 0) over the 16 bytes of the Guid in its RFC 4122 (big-endian) order, so the result does not
/// depend on .NET's mixed-endian in-memory layout, then mod the shard count.
/// </summary>
public static class ShardHash
{
    public static uint Hash(Guid eventId)
    {
        Span<byte> bytes = stackalloc byte[16];
        eventId.TryWriteBytes(bytes, bigEndian: true, out _);
        return XxHash32.HashToUInt32(bytes);
    }

    public static int ShardOf(Guid eventId, int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        return (int)(Hash(eventId) % (uint)shardCount);
    }
}
