using Evently.Deploy.Model;
using k8s.Models;

namespace Evently.Deploy.Kubernetes;

/// <summary>
/// Streaming replication in the local overlay, with the official postgres image's conventions: a primary that has a
/// standby gets a replication role and a pg_hba line for it (an init script, run when the image initialises its
/// volume); the standby's pod clones the primary with <c>pg_basebackup -R</c> on an empty volume (an initContainer),
/// then runs as a hot standby. The slot is created at clone time, so a standby re-cloned onto a new volume gets it too.
/// </summary>
public static class Replication
{
    /// <summary>The role standbys stream as (not postgres: its password never leaves the primary's own pods).</summary>
    public const string User = "replicator";

    public const string InitScriptsPath = "/docker-entrypoint-initdb.d";

    public const string InitScriptFile = "replication.sh";

    private const string PasswordVariable = "EVENTLY_REPLICATION_PASSWORD";

    /// <summary>The replication role's password in the servers Secret (a dot: no server name has one).</summary>
    public static string PasswordKey(string primary) => $"{primary}.replication";

    public static string InitScriptsConfigMap(string primary) => $"{primary}-initdb";

    public static bool HasStandby(ServerModel server, AppModel model) => model.Servers.Any(s => s.Standby?.Primary == server.Name);

    /// <summary>
    /// The image's own pg_hba line (<c>host all all all</c>) does not match replication connections, so the script adds
    /// one for the role. Sourced by the entrypoint once, on an empty volume, while a socket-only server runs.
    /// </summary>
    public static string PrimaryInitScript => $$"""
        set -eu
        psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres --set=password="${{PasswordVariable}}" <<'SQL'
        CREATE ROLE {{User}} WITH LOGIN REPLICATION PASSWORD :'password';
        SQL
        echo "host replication {{User}} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
        """;

    /// <summary>The primary's pod: its init script mounted where the image runs such scripts, and the role's password.</summary>
    public static V1ConfigMap AllowStandbys(ServerModel primary, V1PodSpec pod)
    {
        var container = pod.Containers.Single();
        container.Env.Add(PasswordFromSecret(PasswordVariable, primary.Name));
        container.VolumeMounts.Add(new V1VolumeMount { Name = "initdb", MountPath = InitScriptsPath, ReadOnlyProperty = true });
        pod.Volumes = [new V1Volume { Name = "initdb", ConfigMap = new V1ConfigMapVolumeSource { Name = InitScriptsConfigMap(primary.Name) } }];
        return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = InitScriptsConfigMap(primary.Name), Labels = Names.Labels(primary.Name, "server") },
            Data = new Dictionary<string, string> { [InitScriptFile] = PrimaryInitScript },
        };
    }

    /// <summary>
    /// Idempotent: a volume with a cluster keeps it (the standby resumes from its slot). pg_basebackup writes into a
    /// side folder renamed at the end, so an interrupted clone is never taken for a cluster; -R leaves standby.signal and
    /// primary_conninfo/primary_slot_name in postgresql.auto.conf, which stay true here (the Service name is stable,
    /// unlike AppHost's ports). Runs as root like the image's entrypoint, so it hands the files to postgres itself.
    /// </summary>
    public static string CloneScript(StandbyModel standby, int port) => $$"""
        set -eu
        if [ -s "$PGDATA/PG_VERSION" ]; then echo "$PGDATA has a cluster; not cloning"; exit 0; fi
        until pg_isready -h {{standby.Primary}} -p {{port}} -U {{User}}; do sleep 2; done
        psql -h {{standby.Primary}} -p {{port}} -U {{User}} -d postgres -v ON_ERROR_STOP=1 --set=slot={{standby.Slot}} <<'SQL'
        SELECT pg_create_physical_replication_slot(:'slot', true) WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = :'slot');
        SQL
        rm -rf "$PGDATA.partial"
        pg_basebackup -h {{standby.Primary}} -p {{port}} -U {{User}} -D "$PGDATA.partial" -X stream -S {{standby.Slot}} -R --checkpoint=fast
        rm -rf "$PGDATA"
        mv "$PGDATA.partial" "$PGDATA"
        chown -R postgres:postgres "$PGDATA"
        chmod 700 "$PGDATA"
        """;

    /// <summary>The standby's pod: cloned before its first start, and ready only once it answers as a standby.</summary>
    public static void MakeStandby(ServerModel server, V1PodSpec pod, ServerKindSpec kind)
    {
        var standby = server.Standby!;
        var container = pod.Containers.Single();
        pod.InitContainers =
        [
            new V1Container
            {
                Name = "clone",
                Image = kind.Image,
                Command = ["sh", "-c", CloneScript(standby, kind.Port)],
                Env = [PasswordFromSecret("PGPASSWORD", standby.Primary), .. container.Env.Where(e => e.Name == "PGDATA")],
                VolumeMounts = container.VolumeMounts,
            },
        ];
        // The password is the primary's (cloned with it); a server that came up as a primary is not ready as a standby.
        container.ReadinessProbe.Exec.Command =
        [
            "sh", "-c",
            $"pg_isready -U postgres -h 127.0.0.1 && PGPASSWORD=\"${ServerKindSpec.PasswordVariable}\" psql -U postgres -h 127.0.0.1 -d postgres -tAc 'SELECT pg_is_in_recovery()' | grep -qx t",
        ];
    }

    private static V1EnvVar PasswordFromSecret(string name, string primary) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = Names.ServerCredentialsSecret, Key = PasswordKey(primary) } },
    };
}
