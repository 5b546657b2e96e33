using Evently.Deploy.Kubernetes;
using Evently.Deploy.Kustomize;
using Evently.Deploy.Model;
using k8s.Models;
using ServiceDefaultsEndpoints = Evently.ServiceDefaults.Extensions;

namespace Evently.Deploy.Tests;

/// <summary>Every .NET project of the model as a scalable, probed, disruption-safe workload.</summary>
[Collection(nameof(PublishedTree))]
public sealed class ServiceObjectsTests(PublishedTree tree)
{
    private static readonly string[] Services = ["gateway", "events", "booking", "waitlist", "analytics", "webhooks"];

    [Fact]
    public void Every_service_has_a_deployment_service_autoscaler_and_disruption_budget()
    {
        Assert.Equal(Services.Order(), tree.Model.Projects.Select(p => p.Name).Order());
        foreach (var overlay in KustomizeTree.Overlays)
        {
            foreach (var name in Services)
            {
                var deployment = Assert.Single(tree.Objects<V1Deployment>(overlay), d => d.Metadata.Name == name);
                Assert.Single(tree.Objects<V1Service>(overlay), s => s.Metadata.Name == name);
                var hpa = Assert.Single(tree.Objects<V2HorizontalPodAutoscaler>(overlay), h => h.Metadata.Name == name);
                Assert.Equal(("Deployment", name), (hpa.Spec.ScaleTargetRef.Kind, hpa.Spec.ScaleTargetRef.Name));
                Assert.Equal(deployment.Spec.Replicas, hpa.Spec.MinReplicas);
                Assert.True(hpa.Spec.MaxReplicas > hpa.Spec.MinReplicas);
                var pdb = Assert.Single(tree.Objects<V1PodDisruptionBudget>(overlay), p => p.Metadata.Name == name);
                Assert.Equal(deployment.Spec.Selector.MatchLabels, pdb.Spec.Selector.MatchLabels);
                var resources = Assert.Single(deployment.Spec.Template.Spec.Containers).Resources;
                Assert.True(resources.Requests.ContainsKey("cpu"), "the autoscaler's CPU target needs a CPU request");
                Assert.True(resources.Requests.ContainsKey("memory"));
            }
        }
    }

    [Fact]
    public void Readiness_is_health_and_liveness_is_alive_as_service_defaults_maps_them()
    {
        foreach (var deployment in tree.Objects<V1Deployment>(KustomizeTree.Local).Where(d => Services.Contains(d.Metadata.Name)))
        {
            var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
            Assert.Equal(ServiceDefaultsEndpoints.HealthEndpointPath, container.ReadinessProbe.HttpGet.Path);
            Assert.Equal(ServiceDefaultsEndpoints.AlivenessEndpointPath, container.LivenessProbe.HttpGet.Path);
            Assert.Equal("http", container.ReadinessProbe.HttpGet.Port.Value);
            Assert.Contains(container.Ports, p => p.Name == "http" && p.ContainerPort == Names.HttpPort);
            Assert.Contains(container.Env, e => e.Name == "HTTP_PORTS" && e.Value == $"{Names.HttpPort}");
        }
    }

    [Fact]
    public void Only_the_gateway_is_behind_the_ingress()
    {
        var ingress = Assert.Single(tree.Objects<V1Ingress>(KustomizeTree.Local));
        var backend = Assert.Single(Assert.Single(ingress.Spec.Rules).Http.Paths).Backend.Service;
        Assert.Equal("gateway", backend.Name);
        Assert.Equal(["gateway"], tree.Model.Projects.Where(p => p.External).Select(p => p.Name));
    }

    [Fact]
    public void Replicas_follow_the_model_and_default_to_two()
    {
        Assert.All(tree.Objects<V1Deployment>(KustomizeTree.Local).Where(d => Services.Contains(d.Metadata.Name)),
            d => Assert.Equal(tree.Model.Project(d.Metadata.Name).Replicas ?? ServiceObjects.DefaultReplicas, d.Spec.Replicas));

        // A model that asks for three booking instances (the manifest entry AppHost writes for WithReplicas).
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(tree.ManifestPath))!;
        json["resources"]!["evently-replicas"]!["projects"]!["booking"] = 3;
        var manifest = Path.Combine(tree.Root, "replicas-manifest.json");
        File.WriteAllText(manifest, json.ToJsonString());
        var booking = ManifestReader.Read(manifest).Project("booking");
        Assert.Equal(3, booking.Replicas);
        var objects = ServiceObjects.For(booking, tree.Model);
        Assert.Equal(3, objects.OfType<V1Deployment>().Single().Spec.Replicas);
        Assert.Equal(3, objects.OfType<V2HorizontalPodAutoscaler>().Single().Spec.MinReplicas);
    }
}
