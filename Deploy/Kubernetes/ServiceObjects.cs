using Evently.Deploy.Model;
using k8s;
using k8s.Models;
using ServiceDefaultsEndpoints = Evently.ServiceDefaults.Extensions;

namespace Evently.Deploy.Kubernetes;

/// <summary>One .NET project in the cluster: its Deployment, Service, HorizontalPodAutoscaler and PodDisruptionBudget.</summary>
public static class ServiceObjects
{
    /// <summary>
    /// When the model does not say (<c>WithReplicas</c>): two, so a node drain or a crash never takes a service away;
    /// the services are built for several instances (advisory locks around migrations, the outbox relay and consumers).
    /// </summary>
    public const int DefaultReplicas = 2;

    /// <summary>The autoscaler may grow a service to this many times its replicas.</summary>
    public const int ScaleOutFactor = 4;

    public const int TargetCpuUtilization = 70;

    public static IReadOnlyList<IKubernetesObject> For(ProjectModel project, AppModel model)
    {
        var replicas = project.Replicas ?? DefaultReplicas;
        return
        [
            Deployment(project, model, replicas),
            Service(project),
            Autoscaler(project, replicas),
            DisruptionBudget(project),
        ];
    }

    private static V1Deployment Deployment(ProjectModel project, AppModel model, int replicas) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = Meta(project.Name),
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = Names.Selector(project.Name) },
            Strategy = new V1DeploymentStrategy
            {
                Type = "RollingUpdate",
                // Never below the wanted count during a rollout: an on-sale may be running.
                RollingUpdate = new V1RollingUpdateDeployment { MaxUnavailable = 0, MaxSurge = 1 },
            },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = Names.Labels(project.Name, "service") },
                Spec = new V1PodSpec
                {
                    SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true },
                    Containers =
                    [
                        new V1Container
                        {
                            Name = project.Name,
                            Image = Names.Image(project.Name),
                            Ports = [new V1ContainerPort { Name = "http", ContainerPort = Names.HttpPort }],
                            Env = EnvironmentMapping.For(project, model),
                            Resources = new V1ResourceRequirements
                            {
                                Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m"), ["memory"] = new("256Mi") },
                                Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("768Mi") },
                            },
                            // Start-up applies migrations and waits for its servers: the start-up probe gives it a minute
                            // before liveness may restart it.
                            StartupProbe = Probe(ServiceDefaultsEndpoints.AlivenessEndpointPath, period: 2, failures: 30),
                            ReadinessProbe = Probe(ServiceDefaultsEndpoints.HealthEndpointPath, period: 5, failures: 3),
                            LivenessProbe = Probe(ServiceDefaultsEndpoints.AlivenessEndpointPath, period: 10, failures: 3),
                            SecurityContext = new V1SecurityContext
                            {
                                AllowPrivilegeEscalation = false,
                                Capabilities = new V1Capabilities { Drop = ["ALL"] },
                            },
                        },
                    ],
                },
            },
        },
    };

    private static V1Service Service(ProjectModel project) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = Meta(project.Name),
        Spec = new V1ServiceSpec
        {
            Selector = Names.Selector(project.Name),
            Ports = [new V1ServicePort { Name = "http", Port = Names.HttpPort, TargetPort = "http" }],
        },
    };

    private static V2HorizontalPodAutoscaler Autoscaler(ProjectModel project, int replicas) => new()
    {
        ApiVersion = "autoscaling/v2",
        Kind = "HorizontalPodAutoscaler",
        Metadata = Meta(project.Name),
        Spec = new V2HorizontalPodAutoscalerSpec
        {
            ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = project.Name },
            MinReplicas = replicas,
            MaxReplicas = replicas * ScaleOutFactor,
            Metrics =
            [
                new V2MetricSpec
                {
                    Type = "Resource",
                    Resource = new V2ResourceMetricSource
                    {
                        Name = "cpu",
                        Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = TargetCpuUtilization },
                    },
                },
            ],
        },
    };

    /// <summary>One pod at a time may be evicted: always satisfiable, whatever the autoscaler has done.</summary>
    private static V1PodDisruptionBudget DisruptionBudget(ProjectModel project) => new()
    {
        ApiVersion = "policy/v1",
        Kind = "PodDisruptionBudget",
        Metadata = Meta(project.Name),
        Spec = new V1PodDisruptionBudgetSpec
        {
            MaxUnavailable = 1,
            Selector = new V1LabelSelector { MatchLabels = Names.Selector(project.Name) },
        },
    };

    private static V1Probe Probe(string path, int period, int failures) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = "http" },
        PeriodSeconds = period,
        FailureThreshold = failures,
        TimeoutSeconds = 3,
    };

    private static V1ObjectMeta Meta(string name) => new() { Name = name, Labels = Names.Labels(name, "service") };
}
