using Evently.Hosting.Servers;

using Microsoft.Extensions.DependencyInjection;

namespace Evently.AppHost;

internal static class BookingShardMap
{
    /// <summary>Shows which PostgreSQL server holds each booking shard (shard = hash(event_id) mod N) on the booking resource.</summary>
    public static IResourceBuilder<ProjectResource> WithBookingShardMap(this IResourceBuilder<ProjectResource> booking,
        IReadOnlyList<IResourceBuilder<PostgresServerResource>> shards)
    {
        var map = string.Join(", ", shards.Select((s, i) => $"{i} → {s.Resource.Name}"));
        return booking.OnResourceReady((resource, e, _) => e.Services.GetRequiredService<ResourceNotificationService>()
            .PublishUpdateAsync(resource, s => s with { Properties = s.Properties.With("evently.booking-shards", map) }));
    }
}
