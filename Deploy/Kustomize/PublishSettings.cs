namespace Evently.Deploy.Kustomize;

/// <summary>Choices made at publish time: where the services' images are pulled from, and parameter values given.</summary>
public sealed record PublishSettings(string? Registry, string Tag, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>A kustomize <c>images</c> entry: the name the Deployments use, mapped to the registry and tag to pull.</summary>
    public Dictionary<string, object> ImageFor(string project)
    {
        var name = Kubernetes.Names.Image(project);
        var entry = new Dictionary<string, object> { ["name"] = name };
        if (Registry is { Length: > 0 })
        {
            entry["newName"] = $"{Registry.TrimEnd('/')}/{name}";
        }

        entry["newTag"] = Tag;
        return entry;
    }
}
