using Evently.Deploy.Model;
using k8s;
using k8s.Models;

namespace Evently.Deploy.Kubernetes;

/// <summary>
/// One server in the cluster (local overlay): a single-pod StatefulSet with its PersistentVolumeClaim and a headless
/// Service under the server's own name, so <c>events-db:5432</c> resolves as it does for every service. Each server
/// resource of the model is its own StatefulSet: booking shards, a standby, they are separate servers with separate data
/// (a standby's is cloned from its primary: <see cref="Replication"/>).
/// </summary>
public static class ServerObjects
{
    public static IReadOnlyList<IKubernetesObject> For(ServerModel server, AppModel model)
    {
        var kind = ServerKindSpec.For(server.Kind);
        var password = new V1EnvVar
        {
            Name = ServerKindSpec.PasswordVariable,
            ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = Names.ServerCredentialsSecret, Key = server.CredentialsOf } },
        };
        var statefulSet = new V1StatefulSet
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = Meta(server),
            Spec = new V1StatefulSetSpec
            {
                ServiceName = server.Name,
                Replicas = 1,
                Selector = new V1LabelSelector { MatchLabels = Names.Selector(server.Name) },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = Names.Labels(server.Name, "server") },
                    Spec = new V1PodSpec
                    {
                        // Time for PostgreSQL's fast shutdown (a checkpoint) and RabbitMQ's orderly stop.
                        TerminationGracePeriodSeconds = 60,
                        Containers =
                        [
                            new V1Container
                            {
                                Name = server.Kind.ToString().ToLowerInvariant(),
                                Image = kind.Image,
                                Args = kind.Args(server) is { Count: > 0 } args ? args : null,
                                Env = [password, .. kind.Environment(server)],
                                Ports = [new V1ContainerPort { Name = "tcp", ContainerPort = kind.Port }],
                                VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = kind.DataPath }],
                                ReadinessProbe = new V1Probe { Exec = new V1ExecAction { Command = kind.ReadinessCommand }, PeriodSeconds = 5, TimeoutSeconds = 10 },
                                LivenessProbe = new V1Probe
                                {
                                    TcpSocket = new V1TCPSocketAction { Port = "tcp" },
                                    InitialDelaySeconds = 30,
                                    PeriodSeconds = 10,
                                    FailureThreshold = 6,
                                },
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m"), ["memory"] = new("512Mi") },
                                    Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("1Gi") },
                                },
                            },
                        ],
                    },
                },
                VolumeClaimTemplates =
                [
                    new V1PersistentVolumeClaim
                    {
                        ApiVersion = "v1",
                        Kind = "PersistentVolumeClaim",
                        Metadata = new V1ObjectMeta { Name = "data", Labels = Names.Labels(server.Name, "server") },
                        Spec = new V1PersistentVolumeClaimSpec
                        {
                            AccessModes = ["ReadWriteOnce"],
                            Resources = new V1VolumeResourceRequirements
                            {
                                Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(kind.Storage) },
                            },
                        },
                    },
                ],
            },
        };
        var service = new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = Meta(server),
            Spec = new V1ServiceSpec
            {
                ClusterIP = "None",
                Selector = Names.Selector(server.Name),
                Ports = [new V1ServicePort { Name = "tcp", Port = kind.Port, TargetPort = "tcp" }],
            },
        };
        var pod = statefulSet.Spec.Template.Spec;
        if (server.Standby is not null)
        {
            Replication.MakeStandby(server, pod, kind);
        }
        else if (Replication.HasStandby(server, model))
        {
            return [statefulSet, service, Replication.AllowStandbys(server, pod)];
        }

        return [statefulSet, service];
    }

    private static V1ObjectMeta Meta(ServerModel server) => new() { Name = server.Name, Labels = Names.Labels(server.Name, "server") };
}
