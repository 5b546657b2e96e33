using System.Diagnostics;
using System.Text;
using Evently.Deploy.Kubernetes;
using Evently.Deploy.Kustomize;
using Evently.Deploy.Model;
using k8s.Models;

namespace Evently.Deploy.Tests;

/// <summary>
/// events-db-replica, the streaming standby of events-db: cloned from its primary in the local overlay (which lets it
/// in), the provider's read replica in the managed one.
/// </summary>
[Collection(nameof(PublishedTree))]
public sealed class StandbyTests(PublishedTree tree)
{
    private const string Standby = "events-db-replica";
    private const string Primary = "events-db";

    [Fact]
    public void The_model_knows_the_standby_its_primary_and_slot_and_keeps_only_settings_true_in_the_cluster()
    {
        var server = Assert.Single(tree.Model.Servers, s => s.Name == Standby);
        Assert.Equal(new StandbyModel(Primary, "events_db_replica"), server.Standby);
        Assert.Equal(ServerKind.PostgreSQL, server.Kind);
        Assert.Contains("hot_standby_feedback=on", server.Settings);
        Assert.Contains("shared_preload_libraries=pg_stat_statements", server.Settings);
        // AppHost's primary_conninfo points at a loopback port of its own run.
        Assert.DoesNotContain(server.Settings, s => s.StartsWith("primary_conninfo", StringComparison.Ordinal) || s.StartsWith("primary_slot_name", StringComparison.Ordinal));
        Assert.Null(tree.Model.Servers.Single(s => s.Name == Primary).Standby);
    }

    [Fact]
    public void A_standby_whose_manifest_entry_does_not_name_its_primary_fails_the_publish()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(tree.ManifestPath))!;
        Assert.Equal(Primary, json["resources"]![Standby]!["evently.server"]!["primary"]!.GetValue<string>());
        json["resources"]![Standby]!["evently.server"]!.AsObject().Remove("primary");
        var manifest = Path.Combine(tree.Root, "standby-without-primary.json");
        File.WriteAllText(manifest, json.ToJsonString());
        Assert.Contains(Standby, Assert.Throws<InvalidDataException>(() => ManifestReader.Read(manifest)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Local_standby_is_cloned_from_the_primary_service_through_its_slot_once()
    {
        var set = StatefulSet(KustomizeTree.Local, Standby);
        var container = Assert.Single(set.Spec.Template.Spec.Containers);
        var primaryContainer = Assert.Single(StatefulSet(KustomizeTree.Local, Primary).Spec.Template.Spec.Containers);
        Assert.Equal(primaryContainer.Image, container.Image);
        Assert.Contains("hot_standby_feedback=on", container.Args);
        Assert.Contains("wal_receiver_status_interval=1s", container.Args);

        var clone = Assert.Single(set.Spec.Template.Spec.InitContainers);
        Assert.Equal(container.Image, clone.Image);
        Assert.Equal(["sh", "-c"], clone.Command.Take(2));
        var script = clone.Command[2];
        var basebackup = Assert.Single(script.Split('\n'), l => l.TrimStart().StartsWith("pg_basebackup ", StringComparison.Ordinal));
        var service = Assert.Single(tree.Objects<V1Service>(KustomizeTree.Local), s => s.Metadata.Name == Primary);
        var port = Assert.Single(service.Spec.Ports).Port;
        foreach (var option in new[] { $"-h {Primary} ", $"-p {port} ", $"-U {Replication.User} ", "-S events_db_replica ", "-X stream ", " -R" })
        {
            Assert.Contains(option, basebackup, StringComparison.Ordinal);
        }

        // Idempotent: a volume that has a cluster is left alone, and the clone lands where the server looks for it.
        Assert.Contains("if [ -s \"$PGDATA/PG_VERSION\" ]", script, StringComparison.Ordinal);
        Assert.Contains("pg_create_physical_replication_slot", script, StringComparison.Ordinal);
        Assert.Equal(container.Env.Single(e => e.Name == "PGDATA").Value, clone.Env.Single(e => e.Name == "PGDATA").Value);
        Assert.Equal(container.VolumeMounts.Select(m => (m.Name, m.MountPath)), clone.VolumeMounts.Select(m => (m.Name, m.MountPath)));
        Assert.Equal(Replication.PasswordKey(Primary), clone.Env.Single(e => e.Name == "PGPASSWORD").ValueFrom.SecretKeyRef.Key);
        Assert.Contains("pg_is_in_recovery()", string.Join(' ', container.ReadinessProbe.Exec.Command), StringComparison.Ordinal);
        ShellParses(script);
    }

    [Fact]
    public void Local_primary_lets_the_replication_role_in_from_other_pods()
    {
        var pod = StatefulSet(KustomizeTree.Local, Primary).Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);
        var mount = Assert.Single(container.VolumeMounts, m => m.MountPath == Replication.InitScriptsPath);
        var volume = Assert.Single(pod.Volumes, v => v.Name == mount.Name);
        var configMap = Assert.Single(tree.Objects<V1ConfigMap>(KustomizeTree.Local), c => c.Metadata.Name == volume.ConfigMap.Name);
        var script = configMap.Data[Replication.InitScriptFile];
        Assert.Contains($"CREATE ROLE {Replication.User} WITH LOGIN REPLICATION", script, StringComparison.Ordinal);
        Assert.Contains($"host replication {Replication.User} all scram-sha-256\" >> \"$PGDATA/pg_hba.conf\"", script, StringComparison.Ordinal);
        Assert.Contains(container.Env, e => e.ValueFrom?.SecretKeyRef?.Key == Replication.PasswordKey(Primary) && script.Contains($"${e.Name}", StringComparison.Ordinal));
        ShellParses(script);

        // Only a primary with a standby gets it.
        Assert.Single(tree.Objects<V1ConfigMap>(KustomizeTree.Local), c => c.Metadata.Name.EndsWith("-initdb", StringComparison.Ordinal));
        Assert.Null(StatefulSet(KustomizeTree.Local, "identity-db").Spec.Template.Spec.Volumes);
    }

    [Fact]
    public void Local_standby_connects_with_its_primarys_password_since_it_is_a_clone()
    {
        var servers = SecretEnvFile.Read(Path.Combine(tree.Output, KustomizeTree.Local, KustomizeTree.ServersFile));
        Assert.DoesNotContain(Standby, servers.Keys);
        Assert.Contains(Replication.PasswordKey(Primary), servers.Keys);
        var connections = SecretEnvFile.Read(Path.Combine(tree.Output, KustomizeTree.Local, KustomizeTree.ConnectionsFile));
        Assert.Contains($"Host={Standby};", connections[Standby], StringComparison.Ordinal);
        Assert.Contains($"Password={servers[Primary]};", connections[Standby], StringComparison.Ordinal);
    }

    [Fact]
    public void Managed_replica_is_no_statefulset_but_a_connection_string_to_its_own_read_endpoint()
    {
        Assert.DoesNotContain(tree.Objects<V1StatefulSet>(KustomizeTree.Managed), s => s.Metadata.Name == Standby);
        Assert.Empty(tree.Objects<V1ConfigMap>(KustomizeTree.Managed));
        var secret = Assert.Single(tree.Objects<V1Secret>(KustomizeTree.Managed), s => s.Metadata.Name.StartsWith(Names.ConnectionsSecret, StringComparison.Ordinal));
        var replica = Encoding.UTF8.GetString(secret.Data[Standby]);
        var primary = Encoding.UTF8.GetString(secret.Data[Primary]);
        Assert.Contains($"Host={Standby}.{ServerKindSpec.ManagedPlaceholderDomain};", replica, StringComparison.Ordinal);
        Assert.Equal(primary.Replace(Primary, Standby, StringComparison.Ordinal), replica);
        var events = Assert.Single(tree.Objects<V1Deployment>(KustomizeTree.Managed), d => d.Metadata.Name == "events").Spec.Template.Spec.Containers.Single();
        Assert.Contains(events.Env, e => e.Name == $"ConnectionStrings__{Standby}" && e.ValueFrom.SecretKeyRef.Key == Standby);
    }

    private V1StatefulSet StatefulSet(string overlay, string name) => Assert.Single(tree.Objects<V1StatefulSet>(overlay), s => s.Metadata.Name == name);

    /// <summary><c>sh -n</c>: the script at least parses as the image's shell will read it.</summary>
    private static void ShellParses(string script)
    {
        using var sh = Process.Start(new ProcessStartInfo("sh", ["-n", "-c", script]) { RedirectStandardError = true })!;
        var error = sh.StandardError.ReadToEnd();
        sh.WaitForExit();
        Assert.True(sh.ExitCode == 0, $"sh -n: {error}");
    }
}
