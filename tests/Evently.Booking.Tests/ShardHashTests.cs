using Evently.BookingService.Sharding;

namespace Evently.Booking.Tests;

/// <summary>
/// The placement function must never change: every stored booking was placed by it. These values are pinned; if
/// this test fails, the change would strand existing data on the wrong shard.
/// </summary>
public sealed class ShardHashTests
{
    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000000", 0x8E022B3Au)]
    [InlineData("11111111-1111-1111-1111-111111111111", 0x44B7BC42u)]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301", 0xE0AFE0B2u)]
    [InlineData("0192f3a4-5b6c-7d8e-9f01-23456789abcd", 0xA7AE7A9Au)]
    public void Hash_is_pinned(string eventId, uint expected) =>
        Assert.Equal(expected, ShardHash.Hash(Guid.Parse(eventId)));

    [Fact]
    public void Shard_is_the_hash_mod_the_shard_count()
    {
        var id = Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        Assert.Equal(0, ShardHash.ShardOf(id, 1));
        Assert.Equal((int)(0xE0AFE0B2u % 3), ShardHash.ShardOf(id, 3));
        Assert.Equal((int)(0xE0AFE0B2u % 4), ShardHash.ShardOf(id, 4));
    }

    [Fact]
    public void Events_spread_evenly_over_shards()
    {
        var counts = new int[4];
        for (var i = 0; i < 40_000; i++)
        {
            counts[ShardHash.ShardOf(Guid.NewGuid(), 4)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9_000, 11_000));
    }

    [Fact]
    public void Booking_ids_carry_their_shard_and_stay_version_7()
    {
        for (var shard = 0; shard < 8; shard++)
        {
            var id = BookingIds.New(shard);
            Assert.Equal(shard, BookingIds.ShardOf(id));
            Assert.Equal(7, id.Version);
        }
    }
}
