using Evently.Deploy.Kubernetes;
using Evently.Deploy.Model;
using k8s;
using YamlDotNet.Serialization;

namespace Evently.Deploy.Kustomize;

/// <summary>
/// Writes the kustomize tree for <paramref name="model"/>:
/// <c>base/</c> (namespace, one file per service, Ingress, dashboard, the parameters Secret),
/// <c>overlays/local/</c> (the servers as StatefulSets in the cluster, a standby cloned from its primary) and
/// <c>overlays/managed/</c> (no servers: connection strings to managed PostgreSQL, Redis and RabbitMQ).
/// Credentials go to <c>secrets/*.env</c> in each kustomization, nowhere else.
/// </summary>
public sealed class KustomizeTree(AppModel model, string output, PublishSettings settings)
{
    public const string Base = "base";
    public const string Local = "overlays/local";
    public const string Managed = "overlays/managed";
    public const string ParametersFile = "secrets/parameters.env";
    public const string ConnectionsFile = "secrets/connections.env";
    public const string ServersFile = "secrets/servers.env";

    public static IReadOnlyList<string> Overlays { get; } = [Local, Managed];

    public void Write()
    {
        // Regenerated whole, except the secret files, which keep their values (SecretEnvFile).
        foreach (var kustomization in new[] { Base, Local, Managed })
        {
            var dir = Path.Combine(output, kustomization);
            if (Directory.Exists(dir))
            {
                foreach (var file in Directory.EnumerateFiles(dir, "*.yaml"))
                {
                    File.Delete(file);
                }
            }
        }

        WriteBase();
        WriteLocal();
        WriteManaged();
    }

    private void WriteBase()
    {
        var resources = new List<string> { WriteObjects(Base, "namespace", [ClusterObjects.Namespace()]) };
        foreach (var project in model.Projects)
        {
            resources.Add(WriteObjects(Base, project.Name, ServiceObjects.For(project, model)));
        }

        foreach (var gateway in model.Projects.Where(p => p.External))
        {
            resources.Add(WriteObjects(Base, $"{gateway.Name}-ingress", [ClusterObjects.Ingress(gateway)]));
        }

        resources.Add(WriteObjects(Base, Names.Dashboard, ClusterObjects.Dashboard()));
        SecretEnvFile.Write(Path.Combine(output, Base, ParametersFile), model.Parameters.Select(p => p.Name), ParameterValue);
        WriteKustomization(Base, resources,
            [SecretGenerator(Names.ParametersSecret, ParametersFile)],
            [.. model.Projects.Select(p => settings.ImageFor(p.Name))]);
    }

    private void WriteLocal()
    {
        var resources = new List<string> { "../../base" };
        foreach (var server in model.Servers)
        {
            resources.Add(WriteObjects(Local, server.Name, ServerObjects.For(server, model)));
        }

        var serversFile = Path.Combine(output, Local, ServersFile);
        // A standby has its primary's password (it is a clone); a primary with standbys also has its replication role's.
        var credentials = model.Servers.Where(s => s.Standby is null).Select(s => s.Name)
            .Concat(model.Servers.Where(s => Replication.HasStandby(s, model)).Select(s => Replication.PasswordKey(s.Name)));
        SecretEnvFile.Write(serversFile, credentials, _ => SecretEnvFile.NewSecret());
        var passwords = SecretEnvFile.Read(serversFile);
        // Derived from the passwords each time, so the two files never disagree.
        File.Delete(Path.Combine(output, Local, ConnectionsFile));
        SecretEnvFile.Write(Path.Combine(output, Local, ConnectionsFile), model.Servers.Select(s => s.Name),
            name => ServerKindSpec.For(Server(name).Kind).ConnectionString(name, passwords[Server(name).CredentialsOf]));
        WriteKustomization(Local, resources,
            [SecretGenerator(Names.ConnectionsSecret, ConnectionsFile), SecretGenerator(Names.ServerCredentialsSecret, ServersFile)], []);
    }

    /// <summary>
    /// A standby is the provider's read replica: its own placeholder host (its read endpoint), with the primary's
    /// placeholder password, since a read replica has its primary's roles.
    /// </summary>
    private void WriteManaged()
    {
        var placeholders = new Dictionary<string, string>(StringComparer.Ordinal);
        SecretEnvFile.Write(Path.Combine(output, Managed, ConnectionsFile), model.Servers.Select(s => s.Name),
            name => ServerKindSpec.For(Server(name).Kind).ManagedConnectionString(name, Placeholder(Server(name).CredentialsOf)));
        WriteKustomization(Managed, ["../../base"], [SecretGenerator(Names.ConnectionsSecret, ConnectionsFile)], []);

        string Placeholder(string owner) => placeholders.TryGetValue(owner, out var known) ? known : placeholders[owner] = SecretEnvFile.NewSecret();
    }

    private ServerModel Server(string name) => model.Servers.Single(s => s.Name == name);

    /// <summary>A secret parameter is generated here; a plain one takes the default AppHost published.</summary>
    private string ParameterValue(string name)
    {
        var parameter = model.Parameters.Single(p => p.Name == name);
        return settings.Parameters.TryGetValue(name, out var given) ? given
            : parameter.Secret ? SecretEnvFile.NewSecret()
            : parameter.Default ?? throw new InvalidOperationException($"Parameter {name} has no default in the manifest: pass --parameter {name}=VALUE.");
    }

    private string WriteObjects(string kustomization, string name, IEnumerable<IKubernetesObject> objects)
    {
        var file = $"{name}.yaml";
        var path = Path.Combine(output, kustomization, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Join("---\n", objects.Select(o => KubernetesYaml.Serialize(o).TrimEnd('\n') + "\n")));
        return file;
    }

    private static Dictionary<string, object> SecretGenerator(string name, string envFile) => new()
    {
        ["name"] = name,
        ["envs"] = new[] { envFile },
    };

    private void WriteKustomization(string kustomization, List<string> resources, List<Dictionary<string, object>> secrets,
        List<Dictionary<string, object>> imageOverrides)
    {
        var document = new Dictionary<string, object>
        {
            ["apiVersion"] = "kustomize.config.k8s.io/v1beta1",
            ["kind"] = "Kustomization",
            ["namespace"] = Names.Namespace,
            ["resources"] = resources,
        };
        if (secrets.Count > 0)
        {
            document["secretGenerator"] = secrets;
        }

        if (imageOverrides.Count > 0)
        {
            document["images"] = imageOverrides;
        }

        var yaml = new SerializerBuilder().Build().Serialize(document);
        File.WriteAllText(Path.Combine(output, kustomization, "kustomization.yaml"),
            $"# Generated by ./evently publish k8s from the AppHost's model; regenerate rather than edit.\n{yaml}");
    }
}
