using Evently.Deploy.Kubernetes;
using Evently.Deploy.Kustomize;
using k8s.Models;

namespace Evently.Deploy.Tests;

/// <summary>Each overlay renders with kubectl's kustomize, and what it renders is valid Kubernetes that holds together.</summary>
[Collection(nameof(PublishedTree))]
public sealed class RenderingTests(PublishedTree tree)
{
    public static TheoryData<string> Overlays => [.. KustomizeTree.Overlays];

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_object_is_a_known_kind_in_the_evently_namespace(string overlay)
    {
        var objects = tree.Rendered[overlay];
        Assert.NotEmpty(objects);
        foreach (var o in objects)
        {
            var meta = ((IMetadata<V1ObjectMeta>)o).Metadata;
            Assert.False(string.IsNullOrEmpty(meta?.Name), $"{o.Kind} without a name");
            if (o is not V1Namespace)
            {
                Assert.Equal(Names.Namespace, meta!.NamespaceProperty);
            }
        }

        Assert.Empty(objects.GroupBy(o => (o.Kind, ((IMetadata<V1ObjectMeta>)o).Metadata.Name)).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Selectors_match_their_pods_and_every_secret_reference_resolves(string overlay)
    {
        var secrets = tree.Objects<V1Secret>(overlay).ToDictionary(s => s.Metadata.Name, s => s.Data?.Keys.ToHashSet() ?? []);
        var podTemplates = tree.Objects<V1Deployment>(overlay).Select(d => (d.Metadata.Name, d.Spec.Selector, d.Spec.Template))
            .Concat(tree.Objects<V1StatefulSet>(overlay).Select(s => (s.Metadata.Name, s.Spec.Selector, s.Spec.Template))).ToList();
        foreach (var (name, selector, template) in podTemplates)
        {
            Assert.True(Selects(selector.MatchLabels, template.Metadata.Labels), $"{name}: selector does not match its pod template");
            foreach (var container in template.Spec.Containers)
            {
                Assert.False(string.IsNullOrEmpty(container.Image), $"{name}/{container.Name} has no image");
                foreach (var env in container.Env ?? [])
                {
                    if (env.ValueFrom?.SecretKeyRef is { } reference)
                    {
                        Assert.True(secrets.TryGetValue(reference.Name, out var keys), $"{name}: {env.Name} refers to a Secret {reference.Name} that {overlay} does not render");
                        Assert.Contains(reference.Key, keys!);
                    }
                    else
                    {
                        Assert.NotNull(env.Value);
                    }
                }
            }
        }

        foreach (var service in tree.Objects<V1Service>(overlay).Where(s => s.Spec.Selector is not null))
        {
            Assert.Contains(podTemplates, p => Selects(service.Spec.Selector, p.Template.Metadata.Labels));
        }
    }

    private static bool Selects(IDictionary<string, string> selector, IDictionary<string, string> labels) =>
        selector.All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value);
}
