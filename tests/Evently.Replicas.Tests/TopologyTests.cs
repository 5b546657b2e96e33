using System.Net;
using Evently.Testing;

namespace Evently.Replicas.Tests;

/// <summary>Every service runs as two processes, each healthy and answering on its own address.</summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class TopologyTests(ReplicasFixture fixture)
{
    private EventlySystem System => fixture.System;

    [Fact]
    public async Task Every_service_runs_as_two_healthy_replicas_with_their_own_process_and_address()
    {
        using var http = new HttpClient();
        foreach (var service in ReplicasFixture.Services)
        {
            var instances = System.Instances(service);
            Assert.True(instances.Count == ReplicasFixture.Replicas, $"{service}: {string.Join(", ", instances)}");
            var statuses = await Task.WhenAll(instances.Select(i => System.GetResourceAsync(i)));
            Assert.All(statuses, s => Assert.True(s.IsHealthy, $"{s.Name}: {s.State}/{s.Health}"));
            Assert.Equal(instances.Count, statuses.Select(s => System.Pid(s.Name)).Distinct().Count());

            var urls = instances.Select(System.ReplicaUrl).ToList();
            Assert.Equal(instances.Count, urls.Distinct().Count());
            foreach (var url in urls)
            {
                using var health = await http.GetAsync(new Uri(url, "health"));
                Assert.True(health.StatusCode == HttpStatusCode.OK, $"{service} at {url}: {(int)health.StatusCode}");
            }
        }
    }
}
