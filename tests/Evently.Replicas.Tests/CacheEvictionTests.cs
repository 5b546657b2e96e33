using System.Net;
using System.Net.Http.Json;
using Evently.Testing;

namespace Evently.Replicas.Tests;

/// <summary>An event change made through one gateway reaches every gateway's and every events replica's cached copy.</summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class CacheEvictionTests(ReplicasFixture fixture)
{
    // The promise is one second; the deadline leaves room for two cores shared by ten services.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);
    private EventlySystem System => fixture.System;

    [Fact]
    public async Task A_renamed_event_reads_renamed_from_every_gateway_and_events_replica()
    {
        using var admin = await System.CreateAdminClientAsync();
        var eventId = await admin.CreateEventAsync(capacity: 10, name: "Before the change");
        var readers = System.Instances("gateway").Concat(System.Instances("events"))
            .Select(i => new HttpClient { BaseAddress = System.ReplicaUrl(i) }).ToList();
        try
        {
            // Twice each: the first read fills the events replica's cache, the second lets the gateway keep that hit.
            for (var round = 0; round < 2; round++)
            {
                foreach (var reader in readers)
                {
                    Assert.Equal("Before the change", await NameAsync(reader, eventId));
                }
            }

            using var change = await admin.PutAsJsonAsync($"api/v1/events/{eventId}", new { name = "After the change" });
            Assert.Equal(HttpStatusCode.OK, change.StatusCode);

            await Eventually.UntilAsync(async () =>
            {
                var names = await Task.WhenAll(readers.Select(r => NameAsync(r, eventId)));
                return names.All(n => n == "After the change");
            }, Deadline, "every gateway and events replica should answer the new name");
        }
        finally
        {
            readers.ForEach(r => r.Dispose());
        }
    }

    private static async Task<string> NameAsync(HttpClient reader, Guid eventId)
    {
        var answer = await Api.GetAsync(reader, $"api/v1/events/{eventId}");
        Assert.True(answer.Status == HttpStatusCode.OK, $"{reader.BaseAddress}: {answer}");
        var node = answer.Body.TryGetProperty("event", out var wrapped) ? wrapped : answer.Body;
        return node.GetProperty("name").GetString()!;
    }
}
