using System.Text.Json.Nodes;

namespace Evently.Deploy.Model;

/// <summary>
/// Reads <c>aspire-manifest.json</c> (<c>--publisher manifest</c>). Servers are the executables that carry
/// <c>evently.server</c> (Hosting/Servers/ServerManifest.cs); other executables (the broker's port mapper) have no
/// place in a cluster, where each server is its own image.
/// </summary>
public static class ManifestReader
{
    public static AppModel Read(string path)
    {
        var resources = JsonNode.Parse(File.ReadAllText(path))?["resources"]?.AsObject()
            ?? throw new InvalidDataException($"{path} has no resources.");
        var projects = new List<ProjectModel>();
        var servers = new List<ServerModel>();
        var parameters = new List<ParameterModel>();
        // Aspire leaves WithReplicas out of a project's entry; AppHost writes them here (Hosting/Publishing/ReplicasManifest.cs).
        var replicas = resources.Select(r => r.Value).OfType<JsonObject>()
            .FirstOrDefault(r => r["type"]?.GetValue<string>() == "evently.replicas.v0")?["projects"]?.AsObject();
        foreach (var (name, node) in resources)
        {
            var resource = node!.AsObject();
            switch (resource["type"]?.GetValue<string>())
            {
                case "project.v0" or "project.v1":
                    projects.Add(ReadProject(name, resource, replicas?[name]?.GetValue<int>()));
                    break;
                case "executable.v0" when resource["evently.server"] is JsonObject server:
                    servers.Add(ReadServer(name, resource, server));
                    break;
                case "parameter.v0":
                    parameters.Add(new ParameterModel(name,
                        resource["inputs"]?["value"]?["secret"]?.GetValue<bool>() ?? false,
                        resource["inputs"]?["value"]?["default"]?["value"]?.GetValue<string>()));
                    break;
            }
        }

        return new AppModel(projects, servers, parameters);
    }

    private static ProjectModel ReadProject(string name, JsonObject resource, int? replicas)
    {
        var env = resource["env"]?.AsObject().ToDictionary(e => e.Key, e => e.Value!.GetValue<string>(), StringComparer.Ordinal)
            ?? [];
        var external = resource["bindings"]?.AsObject().Any(b => b.Value?["external"]?.GetValue<bool>() == true) ?? false;
        return new ProjectModel(name, resource["path"]!.GetValue<string>(), env, external, replicas);
    }

    private static ServerModel ReadServer(string name, JsonObject resource, JsonObject server)
    {
        var kind = Enum.Parse<ServerKind>(server["kind"]!.GetValue<string>());
        var args = resource["args"]?.AsArray().Select(a => a!.GetValue<string>()).ToList() ?? [];
        return new ServerModel(name, kind, kind == ServerKind.PostgreSQL ? PostgresSettings(args) : []);
    }

    /// <summary>
    /// The <c>-c name=value</c> settings AppHost starts PostgreSQL with (those after the <c>postgres</c> binary), so the
    /// cluster runs the same server; the listen address is the pod's business, not loopback's.
    /// </summary>
    private static List<string> PostgresSettings(List<string> args)
    {
        var start = args.FindIndex(a => a.EndsWith("/postgres", StringComparison.Ordinal));
        var settings = new List<string>();
        for (var i = start + 1; start >= 0 && i + 1 < args.Count; i++)
        {
            if (args[i] == "-c" && !args[i + 1].StartsWith("listen_addresses=", StringComparison.Ordinal))
            {
                settings.Add(args[++i]);
            }
        }

        return settings;
    }
}
