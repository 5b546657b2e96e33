using Evently.Deploy.Model;
using k8s;
using k8s.Models;

namespace Evently.Deploy.Kubernetes;

/// <summary>What surrounds the services in the base: the namespace, the public door, and where telemetry goes.</summary>
public static class ClusterObjects
{
    /// <summary>The standalone Aspire dashboard, of the Aspire version AppHost runs.</summary>
    public const string DashboardImage = "mcr.microsoft.com/dotnet/aspire-dashboard:13.0";

    public const int DashboardFrontendPort = 18888;

    public static V1Namespace Namespace() => new()
    {
        ApiVersion = "v1",
        Kind = "Namespace",
        Metadata = new V1ObjectMeta { Name = Names.Namespace },
    };

    /// <summary>The gateway is the only public door, as under AppHost (<c>WithExternalHttpEndpoints</c>).</summary>
    public static V1Ingress Ingress(ProjectModel gateway) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "Ingress",
        Metadata = new V1ObjectMeta { Name = gateway.Name, Labels = Names.Labels(gateway.Name, "ingress") },
        Spec = new V1IngressSpec
        {
            Rules =
            [
                new V1IngressRule
                {
                    Http = new V1HTTPIngressRuleValue
                    {
                        Paths =
                        [
                            new V1HTTPIngressPath
                            {
                                Path = "/",
                                PathType = "Prefix",
                                Backend = new V1IngressBackend
                                {
                                    Service = new V1IngressServiceBackend { Name = gateway.Name, Port = new V1ServiceBackendPort { Name = "http" } },
                                },
                            },
                        ],
                    },
                },
            ],
        },
    };

    /// <summary>
    /// The dashboard receives every service's OTLP inside the cluster; its UI is reached with
    /// <c>kubectl port-forward</c> (login token in its log), never through the Ingress.
    /// </summary>
    public static IReadOnlyList<IKubernetesObject> Dashboard()
    {
        var labels = Names.Labels(Names.Dashboard, "telemetry");
        return
        [
            new V1Deployment
            {
                ApiVersion = "apps/v1",
                Kind = "Deployment",
                Metadata = new V1ObjectMeta { Name = Names.Dashboard, Labels = labels },
                Spec = new V1DeploymentSpec
                {
                    Replicas = 1,
                    Selector = new V1LabelSelector { MatchLabels = Names.Selector(Names.Dashboard) },
                    Template = new V1PodTemplateSpec
                    {
                        Metadata = new V1ObjectMeta { Labels = labels },
                        Spec = new V1PodSpec
                        {
                            Containers =
                            [
                                new V1Container
                                {
                                    Name = Names.Dashboard,
                                    Image = DashboardImage,
                                    Ports =
                                    [
                                        new V1ContainerPort { Name = "frontend", ContainerPort = DashboardFrontendPort },
                                        new V1ContainerPort { Name = "otlp", ContainerPort = Names.DashboardOtlpPort },
                                    ],
                                    Env = [new V1EnvVar { Name = "DASHBOARD__OTLP__AUTHMODE", Value = "Unsecured" }],
                                    Resources = new V1ResourceRequirements
                                    {
                                        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("256Mi") },
                                        Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("512Mi") },
                                    },
                                },
                            ],
                        },
                    },
                },
            },
            new V1Service
            {
                ApiVersion = "v1",
                Kind = "Service",
                Metadata = new V1ObjectMeta { Name = Names.Dashboard, Labels = labels },
                Spec = new V1ServiceSpec
                {
                    Selector = Names.Selector(Names.Dashboard),
                    Ports =
                    [
                        new V1ServicePort { Name = "frontend", Port = DashboardFrontendPort, TargetPort = "frontend" },
                        new V1ServicePort { Name = "otlp", Port = Names.DashboardOtlpPort, TargetPort = "otlp" },
                    ],
                },
            },
        ];
    }
}
