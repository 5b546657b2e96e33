using System.Diagnostics;
using Evently.Deploy.Kustomize;
using Evently.Deploy.Model;
using Evently.Testing;
using k8s;

namespace Evently.Deploy.Tests;

/// <summary>
/// Once per test run: the AppHost's manifest (its real publisher), the kustomize tree generated from it, and each
/// overlay as <c>kubectl kustomize</c> renders it, read back with the Kubernetes models in strict mode.
/// </summary>
public sealed class PublishedTree : IAsyncLifetime
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "evently-k8s-" + Guid.NewGuid().ToString("N")[..8]);

    public string ManifestPath { get; private set; } = "";

    public string Output => Path.Combine(Root, "k8s");

    public AppModel Model { get; private set; } = null!;

    /// <summary>Overlay → the objects it renders.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IKubernetesObject>> Rendered { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ManifestPath = await AppHostProcess.PublishManifestAsync(Path.Combine(Root, "manifest"), TimeSpan.FromSeconds(120));
        Model = ManifestReader.Read(ManifestPath);
        Publish(Model, Output);
        var rendered = new Dictionary<string, IReadOnlyList<IKubernetesObject>>();
        foreach (var overlay in KustomizeTree.Overlays)
        {
            rendered[overlay] = Parse(await RenderAsync(Path.Combine(Output, overlay)));
        }

        Rendered = rendered;
    }

    public static void Publish(AppModel model, string output) =>
        new KustomizeTree(model, output, new PublishSettings(null, "test", new Dictionary<string, string>())).Write();

    /// <summary><c>kubectl kustomize DIR</c>; throws with kubectl's own words when it refuses the tree.</summary>
    public static async Task<string> RenderAsync(string directory)
    {
        var info = new ProcessStartInfo("kubectl", ["kustomize", directory]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var kubectl = Process.Start(info)!;
        var stdout = kubectl.StandardOutput.ReadToEndAsync();
        var stderr = kubectl.StandardError.ReadToEndAsync();
        await kubectl.WaitForExitAsync();
        return kubectl.ExitCode == 0 ? await stdout : throw new InvalidOperationException($"kubectl kustomize {directory} failed:\n{await stderr}");
    }

    /// <summary>Strict: a field the Kubernetes schema does not have (a typo, a wrong level) fails instead of vanishing.</summary>
    public static IReadOnlyList<IKubernetesObject> Parse(string yaml) =>
        [.. KubernetesYaml.LoadAllFromString(yaml, strict: true).Select(o => o as IKubernetesObject
            ?? throw new InvalidDataException($"{o.GetType().Name} is not a Kubernetes object"))];

    public IEnumerable<T> Objects<T>(string overlay) => Rendered[overlay].OfType<T>();

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(nameof(PublishedTree))]
public sealed class PublishedTreeCollection : ICollectionFixture<PublishedTree>;
