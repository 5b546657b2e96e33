using Evently.Deploy.Kubernetes;
using Evently.Deploy.Kustomize;
using Evently.Deploy.Model;
using k8s.Models;

namespace Evently.Deploy.Tests;

/// <summary>Servers: each its own StatefulSet in the local overlay; none in the cluster with the managed overlay.</summary>
[Collection(nameof(PublishedTree))]
public sealed class ServerObjectsTests(PublishedTree tree)
{
    [Fact]
    public void The_model_has_every_server_with_its_kind()
    {
        var shards = int.Parse(tree.Model.Project("booking").Environment["Booking__Shards"], System.Globalization.CultureInfo.InvariantCulture);
        var postgres = tree.Model.Servers.Where(s => s.Kind == ServerKind.PostgreSQL).Select(s => s.Name).ToList();
        Assert.Equal(Enumerable.Range(0, shards).Select(i => $"booking-db-{i}"), postgres.Where(n => n.StartsWith("booking-db-", StringComparison.Ordinal)));
        Assert.Contains("events-db", postgres);
        Assert.Contains("identity-db", postgres);
        Assert.Equal(["cache"], tree.Model.Servers.Where(s => s.Kind == ServerKind.Redis).Select(s => s.Name));
        Assert.Equal(["messaging"], tree.Model.Servers.Where(s => s.Kind == ServerKind.RabbitMQ).Select(s => s.Name));
        // The broker's port mapper is part of running RabbitMQ from Debian's package, not a server of its own.
        Assert.DoesNotContain(tree.Model.Servers, s => s.Name == "messaging-epmd");
        Assert.Contains("shared_preload_libraries=pg_stat_statements", tree.Model.Servers.First(s => s.Kind == ServerKind.PostgreSQL).Settings);
    }

    [Fact]
    public void Local_overlay_runs_each_server_as_a_statefulset_with_a_volume_and_a_service_of_its_name()
    {
        var statefulSets = tree.Objects<V1StatefulSet>(KustomizeTree.Local).ToList();
        Assert.Equal(tree.Model.Servers.Select(s => s.Name).Order(), statefulSets.Select(s => s.Metadata.Name).Order());
        foreach (var server in tree.Model.Servers)
        {
            var set = statefulSets.Single(s => s.Metadata.Name == server.Name);
            var claim = Assert.Single(set.Spec.VolumeClaimTemplates);
            var container = Assert.Single(set.Spec.Template.Spec.Containers);
            Assert.Contains(container.VolumeMounts, m => m.Name == claim.Metadata.Name);
            Assert.Equal(ServerKindSpec.For(server.Kind).Image, container.Image);
            Assert.NotNull(container.ReadinessProbe);
            var service = Assert.Single(tree.Objects<V1Service>(KustomizeTree.Local), s => s.Metadata.Name == server.Name);
            Assert.Equal(set.Spec.ServiceName, service.Metadata.Name);
            Assert.Contains(service.Spec.Ports, p => p.Port == ServerKindSpec.For(server.Kind).Port);
            if (server.Kind == ServerKind.PostgreSQL)
            {
                Assert.Contains("shared_preload_libraries=pg_stat_statements", container.Args);
                Assert.DoesNotContain(container.Args, a => a.StartsWith("listen_addresses", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void Managed_overlay_leaves_the_servers_out_and_has_a_connection_string_for_each()
    {
        Assert.Empty(tree.Objects<V1StatefulSet>(KustomizeTree.Managed));
        Assert.Empty(tree.Objects<V1PersistentVolumeClaim>(KustomizeTree.Managed));
        var serverNames = tree.Model.Servers.Select(s => s.Name).ToHashSet();
        Assert.DoesNotContain(tree.Objects<V1Service>(KustomizeTree.Managed), s => serverNames.Contains(s.Metadata.Name));
        var connections = Assert.Single(tree.Objects<V1Secret>(KustomizeTree.Managed), s => s.Metadata.Name.StartsWith(Names.ConnectionsSecret, StringComparison.Ordinal));
        Assert.Equal(serverNames.Order(), connections.Data.Keys.Order());
        Assert.All(connections.Data.Values, v => Assert.Contains(ServerKindSpec.ManagedPlaceholderDomain, System.Text.Encoding.UTF8.GetString(v), StringComparison.Ordinal));
    }
}
