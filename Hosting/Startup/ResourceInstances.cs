using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;

namespace Evently.Hosting.Startup;

/// <summary>
/// The instance ids DCP gave each resource: its name when it runs once, one id per replica (<c>booking-x1y2z3</c>)
/// when it runs as several. Aspire keeps that map to itself, so it is read off the resource notifications.
/// </summary>
public sealed class ResourceInstances(ResourceNotificationService notifications) : BackgroundService
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _ids = new(StringComparer.Ordinal);

    /// <summary>Instance ids of <paramref name="resource"/> seen so far, sorted.</summary>
    public IReadOnlyList<string> Of(string resource) =>
        _ids.TryGetValue(resource, out var ids) ? [.. ids.Keys.Order(StringComparer.Ordinal)] : [];

    /// <summary>Every instance id seen so far.</summary>
    public IReadOnlyList<string> All => [.. _ids.Values.SelectMany(ids => ids.Keys).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The id an instance is known by: DCP suffixes every instance (<c>booking-x1y2z3</c>), but a resource that runs once
    /// answers to its own name everywhere (notifications, commands, the dashboard), so that is its id here.
    /// </summary>
    public static string IdOf(ResourceEvent update) =>
        update.Resource.GetReplicaCount() > 1 ? update.ResourceId : update.Resource.Name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken).ConfigureAwait(false))
            {
                _ids.GetOrAdd(update.Resource.Name, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal)).TryAdd(IdOf(update), 0);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
